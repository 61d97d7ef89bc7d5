/**
 * @module Names of containers Bosun set aside mid-swap. The name itself records the original name,
 * whether the container was running, and its short ID, so a crash loses nothing.
 */

export interface AsideName {
  /** Original name without the leading slash. */
  original: string;
  wasRunning: boolean;
  shortId: string;
}

const ASIDE = /^\/?(.+)-bosun-old-([rs])-([0-9a-f]{12})$/;
const REPLACEMENT = /^\/?(.+)-bosun-new-([0-9a-f]{12})$/;

/** `<name>-bosun-old-<r|s>-<shortid>`: r = it was running before the swap. */
export function asideName(name: string, id: string, wasRunning: boolean): string {
  return `${name.replace(/^\//, "")}-bosun-old-${wasRunning ? "r" : "s"}-${id.slice(0, 12)}`;
}

/** `<name>-bosun-new-<shortid of the old one>`: a replacement created before its old one stops. */
export function replacementName(name: string, oldId: string): string {
  return `${name.replace(/^\//, "")}-bosun-new-${oldId.slice(0, 12)}`;
}

/** Parses an aside name; the short ID must be the container's own, so user names never match. */
export function parseAsideName(name: string, id: string): AsideName | undefined {
  const match = ASIDE.exec(name);
  if (match?.[1] === undefined || match[3] === undefined || !id.startsWith(match[3])) return undefined;
  return { original: match[1], wasRunning: match[2] === "r", shortId: match[3] };
}

/** The original name a pre-created replacement belongs to, or undefined. */
export function parseReplacementName(name: string): { original: string; oldShortId: string } | undefined {
  const match = REPLACEMENT.exec(name);
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  return { original: match[1], oldShortId: match[2] };
}
