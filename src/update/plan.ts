/**
 * @module Turns staleness results into the session plan: report entries, dependency order, implicit
 * restarts of dependents, and the units of swaps (a unit = containers linked by dependencies; Bosun's
 * own container comes last). Pure.
 */
import { isInstance, type CheckSubject, type Container } from "../container/container.ts";
import type { ContainerReport } from "./report-types.ts";
import { dependencyNames, sortByDependencies, withDependents, type DependencyNode } from "./dependencies.ts";
import { recreatePlan } from "./recreate-config.ts";
import type { Staleness } from "./staleness.ts";
import type { SwapTarget } from "./swap.ts";

/** A container's check: enough for its report. */
export interface CheckedCandidate {
  container: CheckSubject;
  monitorOnly: boolean;
  staleness: Staleness;
}

/** A check as the session keeps it: `checked` is the policy's answer, `staleness` after screening. */
export interface Checked<C extends CheckSubject> extends CheckedCandidate {
  container: C;
  checked: Staleness;
}

/** A checked container the plan may swap: inspected. */
export interface Candidate extends CheckedCandidate {
  container: Container;
}

export interface PlanOptions {
  noRestart: boolean;
  reviveStopped: boolean;
  rollingRestart: boolean;
  /** Follow compose's depends_on label (decision 17). */
  useComposeDependsOn: boolean;
  /** Leave HostConfig.MemorySwappiness unset on re-creation (Podman). */
  disableMemorySwappiness: boolean;
  /** Milliseconds. */
  stopTimeout: number;
  apiVersion: string;
  /**
   * Bosun runs on this daemon (default true): its instances take the self-update path. On the other
   * hosts of a fleet an instance is just another Bosun's container, swapped like any other.
   */
  selfHost?: boolean | undefined;
}

export interface SessionPlan {
  reports: ContainerReport[];
  /** Executed in order; each unit's targets are in dependency order. */
  units: SwapTarget[][];
}

type Node = DependencyNode & { candidate: Candidate };

/** Legacy links live in HostConfig; links on user-defined networks in each endpoint. */
function containerLinks(container: Container): string[] {
  const endpoints = Object.values(container.inspect.NetworkSettings.Networks ?? {});
  return [
    ...(container.inspect.HostConfig.Links ?? []),
    ...endpoints.flatMap((endpoint) => endpoint.Links ?? []),
  ];
}

function toNode(candidate: Candidate, compose: boolean): Node {
  const { container } = candidate;
  return {
    id: container.id,
    name: container.name,
    labels: container.labels,
    links: containerLinks(container),
    networkMode: container.networkMode,
    compose,
    candidate,
  };
}

/** The report of a check before planning: Fresh, Stale, Updated (to be) or Skipped. */
export function checkReport(candidate: CheckedCandidate): ContainerReport {
  const { container, staleness } = candidate;
  const current = container.imageId;
  const report: ContainerReport = {
    id: container.id,
    name: container.name,
    imageName: container.imageName,
    currentImageId: current,
    latestImageId: current,
    state: "Fresh",
    ...(staleness.tags && { currentTag: staleness.tags.current, latestTag: staleness.tags.latest }),
  };
  if (staleness.kind === "error") return { ...report, state: "Skipped", error: staleness.error };
  if (staleness.kind === "pinned") {
    return staleness.skip
      ? { ...report, state: "Skipped", error: staleness.note, note: staleness.note }
      : { ...report, note: staleness.note };
  }
  if (!staleness.stale) return { ...report, latestImageId: staleness.latestImageId };
  return {
    ...report,
    latestImageId: staleness.latestImageId,
    state: candidate.monitorOnly ? "Stale" : "Updated",
  };
}

function wasRunning(container: Container): boolean {
  return container.inspect.State.Running || container.inspect.State.Restarting;
}

/**
 * The first selected container with a dependency (what `--rolling-restart` refuses). Only
 * Watchtower's sources count: compose's depends_on never does (decision 17), so compose stacks
 * keep working with rolling restarts as they did with Watchtower.
 */
export function firstWithDependencies(containers: readonly Container[]): string | undefined {
  const nodes = containers.map((container) =>
    toNode({ container, monitorOnly: false, staleness: { kind: "error", error: "" } }, false),
  );
  return nodes.find((node) => dependencyNames(node, nodes).length > 0)?.name;
}

export function planSwaps(candidates: readonly Candidate[], options: PlanOptions): SessionPlan {
  const reports = new Map(candidates.map((candidate) => [candidate.container.id, checkReport(candidate)]));
  const eligible = candidates.filter((candidate) => reports.get(candidate.container.id)?.state !== "Skipped");
  const { sorted, cyclic } = sortByDependencies(
    eligible.map((candidate) => toNode(candidate, options.useComposeDependsOn)),
  );
  for (const { node, error } of cyclic) {
    const report = reports.get(node.id);
    if (report) Object.assign(report, { state: "Skipped", error, latestImageId: report.currentImageId });
  }
  const stale = new Set(
    sorted
      .filter((node) => node.candidate.staleness.kind === "checked" && node.candidate.staleness.stale)
      .filter((node) => !node.candidate.monitorOnly)
      .map((node) => node.id),
  );
  // Monitor-only containers are left out, so a stale one does not restart its dependents (decision 12).
  const restartable = sorted.filter((node) => !node.candidate.monitorOnly);
  const restart = withDependents(restartable, stale);
  const restartNames = new Set(restartable.filter((node) => restart.has(node.id)).map((node) => node.name));

  const targets = new Map<string, SwapTarget>();
  for (const node of restartable) {
    if (!restart.has(node.id)) continue;
    const report = reports.get(node.id);
    if (report === undefined) continue;
    if (!stale.has(node.id)) report.state = "Restarted";
    const { container } = node.candidate;
    if (container.image === undefined) {
      Object.assign(report, { state: "Failed", error: "cannot re-create: the image could not be inspected" });
      continue;
    }
    const plan = recreatePlan(container.inspect, container.image, {
      imageRef: node.candidate.staleness.tags?.ref ?? container.imageName,
      apiVersion: options.apiVersion,
      networkMode: container.networkMode,
      disableMemorySwappiness: options.disableMemorySwappiness,
    });
    const deps = dependencyNames(node, restartable);
    targets.set(node.id, {
      container,
      plan,
      start: (wasRunning(container) || options.reviveStopped) && !options.noRestart,
      precreate: !deps.some((name) => restartNames.has(name)),
      stopTimeoutMs: options.stopTimeout,
      self: isInstance(container.labels) && options.selfHost !== false,
    });
  }
  return { reports: [...reports.values()], units: groupUnits(restartable, targets, options.rollingRestart) };
}

function groupUnits(
  order: readonly Node[],
  targets: Map<string, SwapTarget>,
  rolling: boolean,
): SwapTarget[][] {
  const ordered = order.map((node) => targets.get(node.id)).filter((target) => target !== undefined);
  const self = ordered.filter((target) => target.self === true).map((target) => [target]);
  const others = ordered.filter((target) => target.self !== true);
  if (rolling) return [...[...others].reverse().map((target) => [target]), ...self];
  // Union-find over dependency edges between the containers being swapped.
  const parent = new Map(others.map((target) => [target.container.name, target.container.name]));
  const root = (name: string): string => {
    let current = name;
    while (parent.get(current) !== current) current = parent.get(current) ?? current;
    return current;
  };
  for (const node of order) {
    if (!parent.has(node.name)) continue;
    for (const dep of dependencyNames(node, order)) {
      if (parent.has(dep)) parent.set(root(dep), root(node.name));
    }
  }
  const units = new Map<string, SwapTarget[]>();
  for (const target of others) {
    const key = root(target.container.name);
    units.set(key, [...(units.get(key) ?? []), target]);
  }
  return [...units.values(), ...self];
}
