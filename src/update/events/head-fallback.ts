/**
 * @module The notice of a failed manifest HEAD (Watchtower's "Could not do a head request"), at
 * the level `--warn-on-head-failure` asked the registry service for.
 */
import type { DigestCheck } from "../../registry/index.ts";
import type { SessionEmitter } from "./emitter.ts";

export function headFailureNotice(events: SessionEmitter, check: DigestCheck): void {
  if (check.kind !== "unknown" || check.fallback === undefined) return;
  events.emit({
    type: "notice",
    code: "head-fallback",
    level: check.fallback.warn ? "warn" : "debug",
    message: "Could not do a head request, falling back to regular pull",
    fields: { image: check.fallback.image, reason: check.reason },
  });
}
