/**
 * @module The `container-checked` event of one container, from its check: fresh, stale, or skipped
 * with the reason, and the newer tag its tag policy found.
 */
import type { CheckSubject } from "../../container/container.ts";
import type { Staleness } from "../staleness.ts";
import { eventContainer } from "./emitter.ts";
import type { SessionEventBody } from "./session-events.ts";

/**
 * `checked` is the policy's answer; `screened` the same after the memory of rejected images (a
 * stale container whose new image was rolled back from is skipped, its new image still named).
 */
export function checkedEvent(
  container: CheckSubject,
  monitorOnly: boolean,
  checked: Staleness,
  screened: Staleness = checked,
): SessionEventBody {
  const tags = checked.tags;
  const newerTag = tags !== undefined && tags.latest !== tags.current ? tags.latest : undefined;
  const base = {
    type: "container-checked" as const,
    container: eventContainer(container),
    currentImageId: container.imageId,
    ...(tags !== undefined && { currentTag: tags.current }),
    ...(newerTag !== undefined && { latestTag: newerTag }),
    ...(monitorOnly && { monitorOnly }),
  };
  // Monitor-only does not pull a newer tag: the image it resolves to is not known.
  const resolved = checked.kind === "checked" && !(monitorOnly && newerTag !== undefined);
  const latest = resolved ? { latestImageId: checked.latestImageId } : {};
  if (screened.kind === "error") return { ...base, ...latest, result: "skipped", reason: screened.error };
  if (screened.kind === "pinned") {
    return { ...base, result: screened.skip ? "skipped" : "fresh", reason: screened.note };
  }
  return { ...base, ...latest, result: screened.stale ? "stale" : "fresh" };
}
