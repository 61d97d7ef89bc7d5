/**
 * @module The mail transport the SMTP service sends through, as a factory the notifier injects:
 * apart from the service so the generic service contract does not import a plug-in.
 */
import type { Transporter } from "nodemailer";

/** The subset of nodemailer's SMTP transport options Bosun sets. */
export interface SmtpTransportOptions {
  host: string;
  port: number;
  secure: boolean;
  requireTLS: boolean;
  ignoreTLS: boolean;
  name: string;
  auth?: { user: string; pass: string };
  /** PLAIN, LOGIN or CRAM-MD5; absent: the first method the server offers. */
  authMethod?: string;
  connectionTimeout: number;
  greetingTimeout: number;
  socketTimeout: number;
}

/** Creates a transport, normally `nodemailer.createTransport`; tests add TLS trust here. */
export type MailTransport = Pick<Transporter, "sendMail" | "close">;
/** May resolve later: nodemailer itself is loaded on the first mail (see docs/performance.md). */
export type MailTransportFactory = (options: SmtpTransportOptions) => MailTransport | Promise<MailTransport>;
