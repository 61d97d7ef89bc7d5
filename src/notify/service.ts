/**
 * @module What every notification service (one per URL) looks like, and what it may use.
 */
import type { Logger } from "pino";
import type { HttpDeps } from "./http-send.ts";
import type { MailTransportFactory } from "./mail-transport.ts";

export interface OutgoingMessage {
  /** Absent with `--notification-skip-title`. */
  title: string | undefined;
  body: string;
}

export interface ServiceDeps extends HttpDeps {
  logger: Logger;
  /** Where `logger://` writes with `--notification-log-stdout`. */
  stdout: (text: string) => void;
  logStdout: boolean;
  createMailTransport: MailTransportFactory;
}

export interface NotificationService {
  /** The URL scheme, e.g. `slack`. */
  scheme: string;
  /** The URL with its secrets masked, for logs. */
  maskedUrl: string;
  /** One delivery attempt; throws SendError. */
  send(message: OutgoingMessage, signal: AbortSignal): Promise<void>;
}
