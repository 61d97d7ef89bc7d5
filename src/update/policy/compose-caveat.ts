/**
 * @module The compose caveat of a tag move: the compose file still names the old tag, so a later
 * `docker compose up` goes back to it. Said once per container name for the life of the process
 * (a restarted Bosun says it again at the container's next move).
 */
import { LABELS } from "../../container/labels.ts";
import type { SessionEmitter } from "../events/emitter.ts";

export type ComposeCaveat = (
  name: string,
  labels: Record<string, string>,
  from: string,
  to: string,
  events: SessionEmitter,
) => void;

export function createComposeCaveat(): ComposeCaveat {
  const told = new Set<string>();
  return (name, labels, from, to, events) => {
    const project = labels[LABELS.composeProject];
    if (project === undefined || told.has(name)) return;
    told.add(name);
    events.emit({
      type: "notice",
      code: "compose-caveat",
      level: "warn",
      message:
        "Moving a compose container to a newer tag: its compose file still names the old one, so docker compose up would go back (see docs/tag-policies.md)",
      fields: {
        container: name,
        project,
        service: labels[LABELS.composeService],
        currentTag: from,
        latestTag: to,
      },
    });
  };
}
