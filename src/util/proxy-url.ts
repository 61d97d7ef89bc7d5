/**
 * @module The proxy URL as undici wants it, apart from the dispatcher so that checking the
 * settings (config/, `--help`) does not load undici.
 */

/** `host:port` gets `http://`; throws on anything else unparsable. */
export function proxyUrl(value: string): string {
  const withScheme = value.includes("://") ? value : `http://${value}`;
  const url = new URL(withScheme);
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError(`unsupported proxy scheme ${url.protocol} (expected http or https)`);
  }
  return withScheme;
}
