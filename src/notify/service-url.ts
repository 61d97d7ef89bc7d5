/**
 * @module Reading shoutrrr service URLs (`scheme://user:pass@host:port/path?query`) and
 * masking their secrets for logs and error messages.
 */
import { NotifyConfigError } from "./errors.ts";

export interface ServiceUrl {
  /** Lowercased scheme without `://`, e.g. `slack`, `generic+https`. */
  scheme: string;
  username: string;
  password: string | undefined;
  host: string;
  port: number | undefined;
  /** Path segments, decoded, without empty ones. */
  segments: string[];
  /** The raw path, starting with `/` (or empty). */
  path: string;
  /** Query parameters with lowercased keys (shoutrrr keys are case-insensitive). */
  query: Map<string, string>;
  /** Query parameters with their original case, in order (for generic's headers and extras). */
  rawQuery: [string, string][];
  /** The decoded `#fragment` (rocketchat's and pushbullet's `#channel`), undefined without one. */
  fragment: string | undefined;
  raw: string;
}

const SECRET_KEY = /token|pass|secret|key|auth|sig/i;

/** The URL with passwords, tokens and secret query values replaced by `***`. */
export function maskUrl(raw: string): string {
  const schemeEnd = raw.indexOf("://");
  if (schemeEnd < 0) return raw.length > 0 ? "***" : raw;
  const scheme = raw.slice(0, schemeEnd + 3);
  let rest = raw.slice(schemeEnd + 3);
  let query = "";
  const q = rest.indexOf("?");
  if (q >= 0) {
    query = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  const at = rest.lastIndexOf("@");
  if (at >= 0) {
    // `user:password@` keeps the user; a lone `token@` (discord, matrix token) is all secret.
    const userinfo = rest.slice(0, at);
    const colon = userinfo.indexOf(":");
    rest = `${colon >= 0 ? `${userinfo.slice(0, colon)}:***` : "***"}@${rest.slice(at + 1)}`;
  }
  const lower = scheme.toLowerCase();
  // Tokens that live in the path: gotify's app token, teams' webhook IDs, legacy slack T/B/X,
  // mattermost's and rocketchat's hook tokens, opsgenie's API key; or in the host: pushbullet's
  // token, ifttt's webhook ID.
  if (lower.startsWith("gotify://")) rest = rest.replace(/\/[^/]+\/?$/, "/***");
  if (lower.startsWith("teams://")) rest = rest.replace(/^([^@/]*@)?([^/]*)\/.*$/, "$1$2/***");
  if (lower.startsWith("teams+https://")) rest = rest.replace(/^([^/]*\/[^/]*\/).*$/, "$1***");
  if (/^(mattermost|rocketchat|opsgenie):/.test(lower)) rest = rest.replace(/^([^/]*)\/.+$/, "$1/***");
  if (/^(pushbullet|ifttt):/.test(lower)) rest = rest.replace(/^[^/]*/, "***");
  if (lower.startsWith("slack://") && /^[^/]*\/./.test(rest)) rest = rest.replace(/[^@]*$/, "***");
  const maskedQuery = query
    .split("&")
    .filter((p) => p !== "")
    .map((pair) => {
      const eq = pair.indexOf("=");
      const key = eq >= 0 ? pair.slice(0, eq) : pair;
      return SECRET_KEY.test(key) || key.startsWith("@") ? `${key}=***` : pair;
    })
    .join("&");
  return `${scheme}${rest}${q >= 0 ? `?${maskedQuery}` : ""}`;
}

function decode(s: string, raw: string): string {
  try {
    return decodeURIComponent(s);
  } catch (error) {
    throw new NotifyConfigError(`invalid notification URL ${maskUrl(raw)}: bad percent-encoding`, {
      cause: error,
    });
  }
}

/** Splits a shoutrrr URL; throws NotifyConfigError (URL masked) when it is malformed. */
export function parseServiceUrl(raw: string): ServiceUrl {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/.exec(raw.trim());
  if (m === null)
    throw new NotifyConfigError(`invalid notification URL ${maskUrl(raw)}: expected scheme://…`);
  const scheme = (m[1] ?? "").toLowerCase();
  let rest = m[2] ?? "";
  // Slack tokens are often written with slashes (`hook:T/B/X@webhook`); read them as shoutrrr's dashes.
  const tokenMatch = /^((?:hook|xox.):[^@]*)@([^/]*)$/.exec(rest);
  if (scheme === "slack" && tokenMatch !== null)
    rest = `${(tokenMatch[1] ?? "").replace(/\//g, "-")}@${tokenMatch[2] ?? ""}`;
  const slash = rest.indexOf("/");
  const authority = slash >= 0 ? rest.slice(0, slash) : rest;
  const path = slash >= 0 ? rest.slice(slash) : "";
  const at = authority.lastIndexOf("@");
  const userinfo = at >= 0 ? authority.slice(0, at) : "";
  const hostport = at >= 0 ? authority.slice(at + 1) : authority;
  const colon = userinfo.indexOf(":");
  const username = decode(colon >= 0 ? userinfo.slice(0, colon) : userinfo, raw);
  const password = colon >= 0 ? decode(userinfo.slice(colon + 1), raw) : undefined;
  const hp = /^(\[[^\]]+\]|[^:]*)(?::(\d*))?$/.exec(hostport);
  if (hp === null) throw new NotifyConfigError(`invalid notification URL ${maskUrl(raw)}: bad host or port`);
  const portText = hp[2];
  const port = portText === undefined || portText === "" ? undefined : Number(portText);
  if (port !== undefined && (port < 1 || port > 65535)) {
    throw new NotifyConfigError(`invalid notification URL ${maskUrl(raw)}: bad port`);
  }
  const rawQuery: [string, string][] = [];
  for (const pair of (m[3] ?? "").split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const key = decode((eq >= 0 ? pair.slice(0, eq) : pair).replace(/\+/g, " "), raw);
    const value = decode((eq >= 0 ? pair.slice(eq + 1) : "").replace(/\+/g, " "), raw);
    rawQuery.push([key, value]);
  }
  return {
    scheme,
    username,
    password,
    host: decode(hp[1] ?? "", raw),
    port,
    segments: path
      .split("/")
      .filter((s) => s !== "")
      .map((s) => decode(s, raw)),
    path,
    query: new Map(rawQuery.map(([k, v]) => [k.toLowerCase(), v])),
    rawQuery,
    fragment: m[4] === undefined ? undefined : decode(m[4], raw),
    raw,
  };
}

/**
 * A service's query keys, each with its aliases, lower case, as in shoutrrr's config structs
 * (`key:"fromaddress,from"`): the first name is the documented one.
 */
export type KeyTable = Readonly<Record<string, readonly [string, ...string[]]>>;

/** The value of the first of a key's names present in the query. */
export function queryParam(url: ServiceUrl, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = url.query.get(name);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** shoutrrr's boolean query values: yes/no, true/false, 1/0. */
export function queryBool(url: ServiceUrl, key: string | readonly string[], fallback: boolean): boolean {
  const names = typeof key === "string" ? [key] : key;
  const v = queryParam(url, names)?.toLowerCase();
  if (v === undefined || v === "") return fallback;
  if (["yes", "true", "1", "on"].includes(v)) return true;
  if (["no", "false", "0", "off"].includes(v)) return false;
  throw new NotifyConfigError(
    `invalid notification URL ${maskUrl(url.raw)}: ${names[0] ?? ""} must be yes or no`,
  );
}

export function invalid(url: ServiceUrl, reason: string): NotifyConfigError {
  return new NotifyConfigError(`invalid notification URL ${maskUrl(url.raw)}: ${reason}`);
}

/** `host[:port]` as written in the URL. */
export function hostWithPort(url: ServiceUrl): string {
  return url.port === undefined ? url.host : `${url.host}:${String(url.port)}`;
}

/** A comma-separated list parameter (shoutrrr's `[]string` keys), without empty items. */
export function queryList(url: ServiceUrl, names: readonly string[], separator = ","): string[] {
  return (queryParam(url, names) ?? "").split(separator).filter((item) => item !== "");
}
