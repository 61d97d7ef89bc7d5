/**
 * @module The image reference a container follows, and whether it is pinned (never updated).
 */
import { LABELS } from "./labels.ts";

/** `Config.Image` (or the Zodiac label) with `:latest` added when there is no tag after the last `/`. */
export function followedImage(configImage: string, labels: Record<string, string>): string {
  const ref = labels[LABELS.zodiacImage] ?? configImage;
  if (ref.includes("@") || isImageId(ref)) return ref;
  const lastSlash = ref.lastIndexOf("/");
  return ref.slice(lastSlash + 1).includes(":") ? ref : `${ref}:latest`;
}

function isImageId(ref: string): boolean {
  return /^sha256:[0-9a-f]{64}$/.test(ref) || /^[0-9a-f]{12,64}$/.test(ref);
}

/** Why a reference can never be updated, or undefined when it follows a tag. */
export function pinnedReason(ref: string): string | undefined {
  if (ref.includes("@sha256:")) return "pinned to a digest: never updated";
  if (isImageId(ref)) return "created from a bare image ID: never updated";
  return undefined;
}

/** The registry host of a reference, for per-registry pull serialization. */
export function registryHost(ref: string): string {
  const first = ref.split("/")[0] ?? "";
  const hasHost = ref.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost");
  return hasHost ? first : "docker.io";
}
