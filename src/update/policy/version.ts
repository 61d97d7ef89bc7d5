/**
 * @module Image tags read as versions: `1.2.3`, `v1.2.3` and `1.2`, with an optional pre-release
 * (`-rc1`, `-beta.2`) and an optional suffix family (`-alpine`, `-rc1-alpine`). Tags only compare
 * within one *shape*: the same `v` style, the same number of components and the same family, so
 * `1.2.3-alpine` moves to `1.3.0-alpine`, never to `1.3.0` or `v1.3.0`.
 */

export interface TagVersion {
  tag: string;
  /** `v` when the tag is written `v1.2.3`. */
  prefix: "" | "v";
  /** Two or three numbers: major, minor[, patch]. */
  release: number[];
  /** `rc1`, `beta.2`; undefined for a release. */
  prerelease: string | undefined;
  /** What follows the version (and pre-release) after a `-`: `alpine`; "" for none. */
  family: string;
}

const VERSION = /^(v?)(\d+)\.(\d+)(?:\.(\d+))?(?:-([A-Za-z0-9][\w.-]*))?$/;
/** The pre-release words registries use; anything else after `-` is a suffix family. */
const PRERELEASE = /^(?:alpha|beta|rc|pre|preview|dev|snapshot|canary|nightly)(?:[.]?\d+)*$/i;

/** The version a tag spells, or undefined for tags that are not versions (`latest`, `16`, `1.2.3.4`). */
export function parseVersion(tag: string): TagVersion | undefined {
  const match = VERSION.exec(tag);
  if (match === null) return undefined;
  const [, prefix = "", major = "", minor = "", patch, rest] = match;
  const release = [Number(major), Number(minor), ...(patch === undefined ? [] : [Number(patch)])];
  let prerelease: string | undefined;
  let family = rest ?? "";
  const dash = family.indexOf("-");
  const first = dash === -1 ? family : family.slice(0, dash);
  if (PRERELEASE.test(first)) {
    prerelease = first;
    family = dash === -1 ? "" : family.slice(dash + 1);
  }
  return { tag, prefix: prefix === "v" ? "v" : "", release, prerelease, family };
}

/** True when `a` and `b` are written alike: same `v` style, component count and family. */
export function sameShape(a: TagVersion, b: TagVersion): boolean {
  return a.prefix === b.prefix && a.release.length === b.release.length && a.family === b.family;
}

/** Orders versions: by release numbers, then a release above its pre-releases, then pre-releases naturally. */
export function compareVersions(a: TagVersion, b: TagVersion): number {
  const length = Math.max(a.release.length, b.release.length);
  for (let i = 0; i < length; i++) {
    const diff = (a.release[i] ?? 0) - (b.release[i] ?? 0);
    if (diff !== 0) return Math.sign(diff);
  }
  if (a.prerelease === b.prerelease) return 0;
  if (a.prerelease === undefined) return 1;
  if (b.prerelease === undefined) return -1;
  return compareNatural(a.prerelease, b.prerelease);
}

/** `rc2` < `rc10`: digit runs compare as numbers, the rest as text. */
function compareNatural(a: string, b: string): number {
  const left = a.toLowerCase().match(/\d+|\D+/g) ?? [];
  const right = b.toLowerCase().match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const x = left[i] ?? "";
    const y = right[i] ?? "";
    if (x === y) continue;
    const bothNumbers = /^\d/.test(x) && /^\d/.test(y);
    if (bothNumbers) return Math.sign(Number(x) - Number(y));
    return x < y ? -1 : 1;
  }
  return Math.sign(left.length - right.length);
}
