/**
 * @module Keeping secrets out of logs: pino `redact` paths for the usual secret keys, and
 * `redactSecrets` for strings (URL passwords, `Bearer`/`Basic` credentials, token query params).
 */

export const REDACT_CENSOR = "[REDACTED]";

const SECRET_KEYS = [
  "token",
  "password",
  "authorization",
  "Authorization",
  "auth",
  "registryAuth",
  "secret",
  "apiToken",
  "httpApiToken",
  "repoPass",
  "identitytoken",
  "notificationEmailServerPassword",
  "notificationGotifyToken",
] as const;

/** pino `redact` paths: the secret keys at the top level, one level down, and in `headers`. */
export const REDACT_PATHS: readonly string[] = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((key) => `*.${key}`),
  "headers.authorization",
  "headers.Authorization",
  "headers.cookie",
  "*.headers.authorization",
  "*.headers.Authorization",
  "*.headers.cookie",
  'headers["x-registry-auth"]',
  '*.headers["x-registry-auth"]',
];

const MASK = "***";
/** `scheme://userinfo@`: the userinfo part, up to the `@` that ends it. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/@?#]+)@/gi;
const AUTH_SCHEME = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const SECRET_PARAM = /([?&](?:access_token|token|password|secret|api_?key)=)[^&\s#"']+/gi;

/** `text` with URL passwords (or a whole user-less credential), auth headers and token params masked. */
export function redactSecrets(text: string): string {
  return text
    .replace(URL_USERINFO, (_match, scheme: string, userinfo: string) => {
      const colon = userinfo.indexOf(":");
      const masked = colon === -1 ? MASK : `${userinfo.slice(0, colon)}:${MASK}`;
      return `${scheme}${masked}@`;
    })
    .replace(AUTH_SCHEME, (_match, scheme: string) => `${scheme} ${MASK}`)
    .replace(SECRET_PARAM, (_match, prefix: string) => `${prefix}${MASK}`);
}

const MAX_DEPTH = 4;

/** A copy of a log field value with `redactSecrets` applied to every string in it (Errors flattened). */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return redactSecrets(value);
  if (depth >= MAX_DEPTH || value === null || typeof value !== "object") return value;
  if (value instanceof Error) return redactError(value, depth);
  if (Array.isArray(value)) return value.map((item: unknown) => redactValue(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = redactValue(item, depth + 1);
  return copy;
}

/** A copy of an error (same prototype, so pino's serializer keeps its type) with secrets masked. */
function redactError(error: Error, depth: number): Error {
  const copy = Object.create(Object.getPrototypeOf(error) as object) as Error;
  for (const [key, item] of Object.entries(error)) {
    Object.defineProperty(copy, key, {
      value: redactValue(item, depth + 1),
      enumerable: true,
      writable: true,
    });
  }
  const hidden = { enumerable: false, writable: true, configurable: true };
  Object.defineProperty(copy, "message", { ...hidden, value: redactSecrets(error.message) });
  if (error.stack !== undefined)
    Object.defineProperty(copy, "stack", { ...hidden, value: redactSecrets(error.stack) });
  if (error.cause !== undefined)
    Object.defineProperty(copy, "cause", { ...hidden, value: redactValue(error.cause, depth + 1) });
  return copy;
}
