/**
 * @module The events of the session plan: what planning decided beyond the checks. A container
 * Docker could not inspect is checked (skipped) here; a checked one the plan leaves out (a
 * dependency cycle) is skipped; a dependent that cannot be re-created has failed.
 */
import type { UnreadableContainer } from "../../container/list.ts";
import type { CheckedCandidate } from "../plan.ts";
import type { ContainerReport } from "../report-types.ts";
import { eventContainer, type SessionEmitter } from "./emitter.ts";

export function planEvents(
  events: SessionEmitter,
  candidates: readonly CheckedCandidate[],
  reports: readonly ContainerReport[],
  unreadable: readonly UnreadableContainer[],
): void {
  const byId = new Map(reports.map((report) => [report.id, report]));
  for (const { container, staleness } of candidates) {
    const report = byId.get(container.id);
    const checkSkipped = staleness.kind === "error" || (staleness.kind === "pinned" && staleness.skip);
    if (report === undefined || checkSkipped) continue;
    const reason = report.error ?? "unknown cause";
    if (report.state === "Skipped") {
      events.emit({ type: "container-skipped", container: eventContainer(container), reason });
    } else if (report.state === "Failed") {
      events.emit({ type: "container-failed", container: eventContainer(container), error: reason });
    }
  }
  for (const container of unreadable) {
    events.emit({
      type: "container-checked",
      container: eventContainer(container),
      result: "skipped",
      reason: container.error,
      currentImageId: container.imageId,
    });
  }
}
