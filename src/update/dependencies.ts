/**
 * @module Dependency order: links, the depends-on label, `network_mode: container:<x>` and compose's
 * depends_on label. Dependencies sort first; containers in a cycle are set apart with an error
 * instead of failing the session.
 */
import { LABELS } from "../container/labels.ts";

export interface DependencyNode {
  id: string;
  /** With the leading slash. */
  name: string;
  labels: Record<string, string>;
  links: readonly string[];
  networkMode: string;
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
  const compose = node.labels[LABELS.composeDependsOn];
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

/** Depth-first topological sort over `nodes` (dependencies outside the list are ignored). */
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
  const state = new Map<string, "visiting" | "done" | "cyclic">();
  const sorted: T[] = [];
  const cyclic: { node: T; error: string }[] = [];
  const visit = (node: T, path: T[]): boolean => {
    const current = state.get(node.id);
    if (current === "done") return true;
    if (current === "cyclic") return false;
    if (current === "visiting") {
      const cycle = path.slice(path.indexOf(node));
      const names = [...cycle, node].map((member) => member.name).join(" -> ");
      for (const member of cycle) {
        if (state.get(member.id) !== "cyclic") {
          state.set(member.id, "cyclic");
          cyclic.push({ node: member, error: `circular dependency: ${names}` });
        }
      }
      return false;
    }
    state.set(node.id, "visiting");
    // A dependency in a cycle is set apart; its dependents still proceed in order.
    for (const dep of edges.get(node.id) ?? []) visit(dep, [...path, node]);
    if (state.get(node.id) === "cyclic") return false;
    state.set(node.id, "done");
    sorted.push(node);
    return true;
  };
  for (const node of nodes) visit(node, []);
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
