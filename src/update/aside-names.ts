/**
 * @module Names of containers Bosun set aside mid-swap. The name itself records the original name,
 * whether the container was running, and its own short ID (so no other container's name can pass
 * for it): the rename is the only record a swap can leave on the original itself.
 */
import { shortId } from "../util/image-reference.ts";

export interface AsideName {
  /** Original name without the leading slash. */
  original: string;
  wasRunning: boolean;
  shortId: string;
}

const ASIDE = /^\/?(.+)-bosun-old-([rs])-([0-9a-f]{12})$/;

/** `<name>-bosun-old-<r|s>-<shortid>`: r = it was running before the swap. */
export function asideName(name: string, id: string, wasRunning: boolean): string {
  return `${name.replace(/^\//, "")}-bosun-old-${wasRunning ? "r" : "s"}-${shortId(id)}`;
}

/**
 * `<name>-bosun-new-<shortid of the old one>`: a replacement created before its old one stops. The
 * name is only for people; recovery knows a replacement by its record labels, never by this name.
 */
export function replacementName(name: string, oldId: string): string {
  return `${name.replace(/^\//, "")}-bosun-new-${shortId(oldId)}`;
}

/** Parses an aside name; the short ID must be the container's own, so user names never match. */
export function parseAsideName(name: string, id: string): AsideName | undefined {
  const match = ASIDE.exec(name);
  if (match?.[1] === undefined || match[3] === undefined || !id.startsWith(match[3])) return undefined;
  return { original: match[1], wasRunning: match[2] === "r", shortId: match[3] };
}

/** `<name>-bosun-keep-<shortid>`: the never-started copy of a `--rm` original (see swap.ts). */
export function keeperName(name: string, id: string): string {
  return `${name.replace(/^\//, "")}-bosun-keep-${shortId(id)}`;
}
