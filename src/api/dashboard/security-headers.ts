/**
 * @module The headers every dashboard asset is served with: a strict Content-Security-Policy (the
 * page loads only its own scripts and styles, talks only to its own origin, and cannot be framed),
 * no MIME sniffing, no referrer, and revalidation so an upgraded Bosun never serves a stale page.
 */

/** Only the page's own files; no inline script or style, no other origin, no form posts, no framing. */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

export const DASHBOARD_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": DASHBOARD_CSP,
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
  // The files are tiny and change with Bosun itself: always revalidate (ETag), never serve stale.
  "Cache-Control": "no-cache",
};
