/**
 * @module What a service's image reference follows: Swarm pins it as `repo:tag@sha256:…` (the
 * tag the user gave, the digest it resolved to when the spec was last written).
 */
import { ImageReference } from "../../util/image-reference.ts";
import { errorMessage } from "../../util/errors.ts";

export type ServiceImage =
  /** The tag to check and the digest the service runs. */
  | { kind: "followed"; ref: string; digest: string }
  /** Pinned to a digest by the user (no tag): never updated, like a container. */
  | { kind: "pinned"; ref: string }
  /** A tag without a digest (created with --no-resolve-image): what runs is not known. */
  | { kind: "unpinned"; ref: string }
  | { kind: "invalid"; ref: string; reason: string };

export function serviceImage(image: string): ServiceImage {
  let parsed;
  try {
    parsed = ImageReference.parse(image);
  } catch (error) {
    return { kind: "invalid", ref: image, reason: errorMessage(error) };
  }
  if (parsed.digest === undefined) return { kind: "unpinned", ref: image };
  // A reference without its own tag (`repo@sha256:…`) parses with tag undefined.
  if (parsed.tag === undefined) return { kind: "pinned", ref: image };
  return { kind: "followed", ref: parsed.withoutDigest().toString(), digest: parsed.digest };
}

/** The spec image that pins `ref` (a tag) to `digest`. */
export function pinnedImage(ref: string, digest: string): string {
  return `${ref}@${digest}`;
}
