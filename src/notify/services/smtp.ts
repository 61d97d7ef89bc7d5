/**
 * @module `smtp://[user:pass@]host[:port]/?fromAddress=&toAddresses=a,b[&fromName=&auth=Plain|None
 * &encryption=Auto|None|ExplicitTLS|ImplicitTLS&useStartTLS=yes&clientHost=&subject=&useHTML=no]`
 * (aliases `from`, `to`, `startTLS`, `title`, as shoutrrr's smtp Config):
 * email through nodemailer. Implicit TLS with ImplicitTLS or Auto on port 465; elsewhere STARTTLS
 * when the server offers it (unless useStartTLS=no; ExplicitTLS requires it). auth=Plain|Login|
 * CRAMMD5 picks the SASL method; auth defaults to Plain with a user, None without.
 */
import { SendError } from "../errors.ts";
import type { SmtpTransportOptions } from "../mail-transport.ts";
import type { NotificationService, OutgoingMessage, ServiceDeps } from "../service.ts";
import { invalid, maskUrl, queryBool, queryParam, type KeyTable, type ServiceUrl } from "../service-url.ts";

/** shoutrrr's smtp Config keys and their aliases. */
export const SMTP_KEYS = {
  fromAddress: ["fromaddress", "from"],
  fromName: ["fromname"],
  toAddresses: ["toaddresses", "to"],
  subject: ["subject", "title"],
  auth: ["auth"],
  encryption: ["encryption"],
  useStartTls: ["usestarttls", "starttls"],
  useHtml: ["usehtml"],
  clientHost: ["clienthost"],
} as const satisfies KeyTable;

const ENCRYPTIONS = ["auto", "none", "explicittls", "implicittls"] as const;

/** shoutrrr's auth types (plus LOGIN) as nodemailer methods; `unknown` lets the server choose. */
const AUTH_METHODS: Readonly<Record<string, string | undefined>> = {
  plain: "PLAIN",
  login: "LOGIN",
  crammd5: "CRAM-MD5",
  unknown: undefined,
};

export function createSmtpService(url: ServiceUrl, deps: ServiceDeps): NotificationService {
  if (url.host === "") throw invalid(url, "missing SMTP host");
  const from = queryParam(url, SMTP_KEYS.fromAddress) ?? "";
  const to = (queryParam(url, SMTP_KEYS.toAddresses) ?? "")
    .split(",")
    .map((a) => a.trim())
    .filter((a) => a !== "");
  if (from === "") throw invalid(url, "missing fromAddress");
  if (to.length === 0) throw invalid(url, "missing toAddresses");
  const port = url.port ?? 25;
  const encryption = (queryParam(url, SMTP_KEYS.encryption) ?? "auto").toLowerCase();
  if (!(ENCRYPTIONS as readonly string[]).includes(encryption))
    throw invalid(url, `unknown encryption "${encryption}"`);
  const authType = (
    queryParam(url, SMTP_KEYS.auth) ?? (url.username === "" ? "none" : "plain")
  ).toLowerCase();
  if (!["none", "plain", "login", "unknown", "crammd5"].includes(authType))
    throw invalid(url, `unknown auth "${authType}"`);
  const useStartTls = queryBool(url, SMTP_KEYS.useStartTls, true);
  // As shoutrrr: implicit TLS for ImplicitTLS, or Auto on port 465; otherwise STARTTLS when
  // useStartTLS is on and the server offers it (required with ExplicitTLS), plain text when off.
  const implicit = encryption === "implicittls" || (encryption === "auto" && port === 465);
  const authMethod = AUTH_METHODS[authType];
  const options: SmtpTransportOptions = {
    host: url.host,
    port,
    secure: implicit,
    requireTLS: !implicit && encryption === "explicittls" && useStartTls,
    ignoreTLS: !implicit && !useStartTls,
    name: queryParam(url, SMTP_KEYS.clientHost) ?? "localhost",
    ...(authType === "none" ? {} : { auth: { user: url.username, pass: url.password ?? "" } }),
    ...(authMethod === undefined ? {} : { authMethod }),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  };
  const fromName = queryParam(url, SMTP_KEYS.fromName) ?? "";
  const subjectParam = queryParam(url, SMTP_KEYS.subject);
  const html = queryBool(url, SMTP_KEYS.useHtml, false);

  return {
    scheme: "smtp",
    maskedUrl: maskUrl(url.raw),
    async send(message: OutgoingMessage, signal: AbortSignal): Promise<void> {
      const transport = await deps.createMailTransport(options);
      const onAbort = (): void => {
        transport.close();
      };
      signal.addEventListener("abort", onAbort, { once: true });
      try {
        signal.throwIfAborted();
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
