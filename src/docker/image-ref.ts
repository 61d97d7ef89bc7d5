/**
 * @module Splits an image reference into the `fromImage` and `tag` query values of a pull, since an
 * empty `tag` makes the Engine pull every tag of the repository.
 */

export interface PullTarget {
  fromImage: string;
  /** A tag, or a `sha256:...` digest. */
  tag: string;
}

export function pullTarget(ref: string): PullTarget {
  const at = ref.indexOf("@");
  if (at !== -1) {
    // name[:tag]@digest: the digest wins, the tag is informational.
    return { fromImage: stripTag(ref.slice(0, at)), tag: ref.slice(at + 1) };
  }
  const slash = ref.lastIndexOf("/");
  const colon = ref.lastIndexOf(":");
  if (colon > slash) return { fromImage: ref.slice(0, colon), tag: ref.slice(colon + 1) };
  return { fromImage: ref, tag: "latest" };
}

function stripTag(name: string): string {
  const slash = name.lastIndexOf("/");
  const colon = name.lastIndexOf(":");
  return colon > slash ? name.slice(0, colon) : name;
}
