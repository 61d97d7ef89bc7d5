/**
 * @module Dependency order: links, the depends-on label, `network_mode: container:<x>` and compose's
 * depends_on label (Bosun's addition, decision 17: off with `--use-compose-depends-on=false`).
 * Dependencies sort first; containers in a cycle are set apart with an error instead of failing
 * the session.
 */
import { LABELS } from "../container/labels.ts";

export interface DependencyNode {
  id: string;
  /** With the leading slash. */
  name: string;
  labels: Record<string, string>;
  links: readonly string[];
  networkMode: string;
  /** Whether compose's depends_on label counts; false for Watchtower's own sources only. */
  compose: boolean;
}

function slash(name: string): string {
  const trimmed = name.trim();
  return trimmed.startsWith("/") ? trimmed : `/${trimmed}`;
}

/** Names (with `/`) this container depends on; the depends-on label replaces every other source. */
export function dependencyNames(node: DependencyNode, all: readonly DependencyNode[]): string[] {
  const label = node.labels[LABELS.dependsOn];
  if (label !== undefined && label.trim() !== "") {
    return label
      .split(",")
      .filter((name) => name.trim() !== "")
      .map(slash)
      .filter((name) => name !== node.name);
  }
  const names = new Set<string>();
  for (const link of node.links) names.add(slash(link.split(":")[0] ?? ""));
  if (node.networkMode.startsWith("container:"))
    names.add(slash(node.networkMode.slice("container:".length)));
  const compose = node.compose ? node.labels[LABELS.composeDependsOn] : undefined;
  const project = node.labels[LABELS.composeProject];
  if (compose !== undefined && project !== undefined) {
    for (const entry of compose.split(",")) {
      const service = entry.split(":")[0]?.trim() ?? "";
      if (service === "") continue;
      for (const other of all) {
        if (
          other.labels[LABELS.composeProject] === project &&
          other.labels[LABELS.composeService] === service
        ) {
          names.add(other.name);
        }
      }
    }
  }
  names.delete(node.name);
  return [...names];
}

export interface SortResult<T> {
  /** Dependencies first; ties keep input order. */
  sorted: T[];
  /** Containers in a cycle, with the error to report. */
  cyclic: { node: T; error: string }[];
}

/** Members of every strongly connected component with more than one node (Tarjan). */
function cycleMembers<T extends DependencyNode>(nodes: readonly T[], edges: Map<string, T[]>): Set<string> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: T[] = [];
  const onStack = new Set<string>();
  const members = new Set<string>();
  let counter = 0;
  const connect = (node: T): void => {
    index.set(node.id, counter);
    low.set(node.id, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node.id);
    for (const dep of edges.get(node.id) ?? []) {
      if (!index.has(dep.id)) {
        connect(dep);
        low.set(node.id, Math.min(low.get(node.id) ?? 0, low.get(dep.id) ?? 0));
      } else if (onStack.has(dep.id)) {
        low.set(node.id, Math.min(low.get(node.id) ?? 0, index.get(dep.id) ?? 0));
      }
    }
    if (low.get(node.id) !== index.get(node.id)) return;
    const component: T[] = [];
    for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
      onStack.delete(member.id);
      component.push(member);
      if (member.id === node.id) break;
    }
    if (component.length > 1) for (const member of component) members.add(member.id);
  };
  for (const node of nodes) if (!index.has(node.id)) connect(node);
  return members;
}

/** The shortest dependency cycle from `start` back to itself, through cycle members only. */
function cyclePath<T extends DependencyNode>(start: T, edges: Map<string, T[]>, members: Set<string>): T[] {
  const previous = new Map<string, T>();
  const queue: T[] = [start];
  for (let head = 0; head < queue.length; head += 1) {
    const current = queue[head];
    if (current === undefined) break;
    for (const dep of edges.get(current.id) ?? []) {
      if (!members.has(dep.id)) continue;
      if (dep.id === start.id) {
        const path = [current];
        for (let step = previous.get(current.id); step !== undefined; step = previous.get(step.id)) {
          path.unshift(step);
        }
        return [...path, start];
      }
      if (previous.has(dep.id)) continue;
      previous.set(dep.id, current);
      queue.push(dep);
    }
  }
  return [start, start];
}

/**
 * Depth-first topological sort over `nodes` (dependencies outside the list are ignored). Every
 * container in a cycle is set apart; a container that merely depends on one still proceeds.
 */
export function sortByDependencies<T extends DependencyNode>(nodes: readonly T[]): SortResult<T> {
  const byName = new Map(nodes.map((node) => [node.name, node]));
  const edges = new Map(
    nodes.map((node) => [
      node.id,
      dependencyNames(node, nodes)
        .map((name) => byName.get(name))
        .filter((dep): dep is T => dep !== undefined),
    ]),
  );
  const members = cycleMembers(nodes, edges);
  const cyclic = nodes
    .filter((node) => members.has(node.id))
    .map((node) => ({
      node,
      error: `circular dependency: ${cyclePath(node, edges, members)
        .map((member) => member.name)
        .join(" -> ")}`,
    }));
  const done = new Set<string>();
  const sorted: T[] = [];
  const visit = (node: T): void => {
    if (done.has(node.id) || members.has(node.id)) return;
    done.add(node.id);
    for (const dep of edges.get(node.id) ?? []) visit(dep);
    sorted.push(node);
  };
  for (const node of nodes) visit(node);
  return { sorted, cyclic };
}

/** IDs to restart: the stale ones plus, transitively, every container depending on one. */
export function withDependents(sorted: readonly DependencyNode[], stale: ReadonlySet<string>) {
  const restart = new Set(stale);
  const restartingNames = new Set(sorted.filter((node) => restart.has(node.id)).map((node) => node.name));
  for (const node of sorted) {
    if (restart.has(node.id)) continue;
    if (dependencyNames(node, sorted).some((name) => restartingNames.has(name))) {
      restart.add(node.id);
      restartingNames.add(node.name);
    }
  }
  return restart;
}
