/**
 * @module `smtp://[user:pass@]host[:port]/?fromAddress=&toAddresses=a,b[&fromName=&auth=Plain|None
 * &encryption=Auto|None|ExplicitTLS|ImplicitTLS&useStartTLS=yes&clientHost=&subject=&useHTML=no]`:
 * email through nodemailer. Auto encryption is implicit TLS on port 465 and STARTTLS (when the
 * server offers it) elsewhere.
 */
import type { Transporter } from "nodemailer";
import { SendError } from "../errors.ts";
import type { NotificationService, OutgoingMessage, ServiceDeps } from "../service.ts";
import { invalid, maskUrl, queryBool, type ServiceUrl } from "../service-url.ts";

/** The subset of nodemailer's SMTP transport options Bosun sets. */
export interface SmtpTransportOptions {
  host: string;
  port: number;
  secure: boolean;
  requireTLS: boolean;
  ignoreTLS: boolean;
  name: string;
  auth?: { user: string; pass: string };
  connectionTimeout: number;
  greetingTimeout: number;
  socketTimeout: number;
}

/** Creates a transport, normally `nodemailer.createTransport`; tests add TLS trust here. */
export type MailTransportFactory = (options: SmtpTransportOptions) => Pick<Transporter, "sendMail" | "close">;

const ENCRYPTIONS = ["auto", "none", "explicittls", "implicittls"] as const;

export function createSmtpService(url: ServiceUrl, deps: ServiceDeps): NotificationService {
  if (url.host === "") throw invalid(url, "missing SMTP host");
  const from = url.query.get("fromaddress") ?? "";
  const to = (url.query.get("toaddresses") ?? "")
    .split(",")
    .map((a) => a.trim())
    .filter((a) => a !== "");
  if (from === "") throw invalid(url, "missing fromAddress");
  if (to.length === 0) throw invalid(url, "missing toAddresses");
  const port = url.port ?? 25;
  const encryption = (url.query.get("encryption") ?? "auto").toLowerCase();
  if (!(ENCRYPTIONS as readonly string[]).includes(encryption))
    throw invalid(url, `unknown encryption "${encryption}"`);
  const authType = (url.query.get("auth") ?? (url.username === "" ? "none" : "plain")).toLowerCase();
  if (!["none", "plain", "login", "unknown", "crammd5"].includes(authType))
    throw invalid(url, `unknown auth "${authType}"`);
  const useStartTls = queryBool(url, "usestarttls", true);
  const implicit = encryption === "implicittls" || (encryption === "auto" && port === 465);
  const options: SmtpTransportOptions = {
    host: url.host,
    port,
    secure: implicit,
    requireTLS: encryption === "explicittls",
    ignoreTLS: !implicit && (encryption === "none" || !useStartTls),
    name: url.query.get("clienthost") ?? "localhost",
    ...(authType === "none" ? {} : { auth: { user: url.username, pass: url.password ?? "" } }),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  };
  const fromName = url.query.get("fromname") ?? "";
  const subjectParam = url.query.get("subject");
  const html = queryBool(url, "usehtml", false);

  return {
    scheme: "smtp",
    maskedUrl: maskUrl(url.raw),
    async send(message: OutgoingMessage, signal: AbortSignal): Promise<void> {
      const transport = deps.createMailTransport(options);
      const onAbort = (): void => {
        transport.close();
      };
      signal.addEventListener("abort", onAbort, { once: true });
      try {
        await transport.sendMail({
          from: fromName === "" ? from : { name: fromName, address: from },
          to,
          subject: subjectParam ?? message.title ?? "",
          ...(html ? { html: message.body } : { text: message.body }),
        });
      } catch (error) {
        const code = (error as { responseCode?: unknown }).responseCode;
        const permanent = typeof code === "number" && code >= 500 && code < 600;
        throw new SendError(
          signal.aborted
            ? "SMTP send timed out"
            : `SMTP send failed${typeof code === "number" ? ` (${String(code)})` : ""}`,
          {
            retryable: !permanent,
            cause: error,
          },
        );
      } finally {
        signal.removeEventListener("abort", onAbort);
        transport.close();
      }
    },
  };
}
