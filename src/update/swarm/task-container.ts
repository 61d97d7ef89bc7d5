/**
 * @module The rule that keeps Swarm's task containers out of the container path: a task belongs
 * to its service, and only Swarm may replace it (re-creating it beside Swarm would leave a
 * container the orchestrator does not know, while Swarm starts another for the same slot).
 */

/** Labels the Swarm executor puts on every task container. */
export const SWARM_TASK_LABELS = ["com.docker.swarm.service.id", "com.docker.swarm.task"] as const;

/** A container created by Swarm for a service's task: never selected, checked or re-created. */
export function isSwarmTask(labels: Record<string, string>): boolean {
  return SWARM_TASK_LABELS.some((label) => label in labels);
}
