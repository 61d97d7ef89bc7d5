/**
 * @module Screens a staleness result against the memory of bad images: a container whose
 * update would bring back an image it was rolled back from is Skipped, with when and why.
 */
import type { CheckSubject } from "../container/container.ts";
import { rejectionMessage, type RejectedImages } from "../state/rejected-images.ts";
import type { Staleness } from "./staleness.ts";

export function screenRejected(
  staleness: Staleness,
  container: Pick<CheckSubject, "name">,
  rejected: RejectedImages,
): Staleness {
  if (staleness.kind !== "checked" || !staleness.stale) return staleness;
  const rejection = rejected.find(container.name, staleness.latestImageId);
  if (rejection === undefined) return staleness;
  return {
    kind: "error",
    error: rejectionMessage(rejection),
    ...(staleness.tags && { tags: staleness.tags }),
  };
}
