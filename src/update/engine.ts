/**
 * @module The update engine: one session = recover interrupted swaps, select, check staleness,
 * order by dependencies, swap safely, clean up, report. `runSession` is the seam the scheduler and
 * the HTTP API call; sessions never overlap.
 */
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { ContainerSummary, DockerClient } from "../docker/types.ts";
import type { RegistrySessions } from "../registry/types.ts";
import { isInstance, type CheckSubject, type Container } from "../container/container.ts";
import { buildFilter, type ContainerFilter } from "../container/filter.ts";
import { describeLabelIssues, labelIssues } from "../container/label-check.ts";
import { labelOrFlag, LABELS, parseBool } from "../container/labels.ts";
import {
  hasListedStatus,
  listContainers,
  listedContainer,
  type ContainerList,
  type ListedContainer,
  type UnreadableContainer,
} from "../container/list.ts";
import { runHook } from "../lifecycle/hooks.ts";
import { createSwarmServices } from "./swarm/services.ts";
import { isSwarmTask } from "./swarm/task-container.ts";
import { systemClock, type Clock } from "../util/clock.ts";
import { parseAsideName } from "./aside-names.ts";
import { checkByReference } from "./check-by-reference.ts";
import { cleanupImages } from "./cleanup.ts";
import { imageMatcher } from "./image-filter.ts";
import {
  checkReport,
  firstWithDependencies,
  planSwaps,
  type Checked,
  type CheckedCandidate,
  type SessionPlan,
} from "./plan.ts";
import { checkFromList } from "./check-from-list.ts";
import { mapPool } from "../util/map-pool.ts";
import { referenceKey } from "../util/image-reference.ts";
import { createRejectedImages, type RejectedImages } from "../state/rejected-images.ts";
import { screenRejected } from "./rejected-check.ts";
import { mapPoolReleasing } from "./release-pool.ts";
import { createUnitVerifier } from "./verify-unit.ts";
import { recoverSetAside, type RecoveryAction } from "./recovery.ts";
import { buildReport, unreadableReport } from "./report.ts";
import type { ContainerReport, SessionReport } from "./report-types.ts";
import { createUpdatePolicy } from "./policy/update-policy.ts";
import { verifyWindowMs } from "./policy/verification.ts";
import type { TagPolicy } from "./policy/tag-policy.ts";
import { swapUnit, type SwapOutcome, type SwapStep, type SwapTarget } from "./swap.ts";
import { parseRecord } from "./swap-record.ts";
import { isLockObject } from "./writer-lock.ts";
import type { SessionEventBody, SessionEventSink } from "./events/session-events.ts";
import { checkedEvent } from "./events/checked-event.ts";
import { planEvents } from "./events/plan-events.ts";
import { eventContainer, type SessionEmitter } from "./events/emitter.ts";
import { createSessionPublisher } from "./events/publisher.ts";

export interface EngineOptions {
  names: readonly string[];
  disableContainers: readonly string[];
  labelEnable: boolean;
  /** Undefined: no scope, every container (as `FilterOptions`). */
  scope: string | undefined;
  includeStopped: boolean;
  includeRestarting: boolean;
  reviveStopped: boolean;
  monitorOnly: boolean;
  noPull: boolean;
  noRestart: boolean;
  labelTakePrecedence: boolean;
  cleanup: boolean;
  removeVolumes: boolean;
  enableLifecycleHooks: boolean;
  rollingRestart: boolean;
  /** Follow compose's depends_on label (decision 17); default true. */
  useComposeDependsOn?: boolean;
  /** Leave MemorySwappiness unset on re-creation; default false. */
  disableMemorySwappiness?: boolean;
  /** Milliseconds. */
  stopTimeout: number;
  /** Independent units swapped at once (default 1); rolling restarts and Bosun's own unit run alone. */
  updateConcurrency?: number;
  /** Registry requests in flight (`--registry-concurrency`): image references checked at once. */
  registryConcurrency?: number;
  /** The tag policy of containers without a `bosun.tag-policy` label (default `digest`). */
  tagPolicy?: TagPolicy;
  /** False on a fleet host Bosun does not run on: no self-update there (see plan.ts). */
  selfHost?: boolean | undefined;
  /** Also check and update Swarm services on a manager (default false); see src/update/swarm/. */
  swarmServices?: boolean;
  /** Milliseconds one service update is followed (default 10 min). */
  swarmUpdateTimeout?: number;
  /** Verify each replacement and roll back a failing one (`--auto-rollback`); default false. */
  autoRollback?: boolean;
  /** Milliseconds of the verification window (default 60 s). */
  rollbackWindow?: number;
}

export interface EngineDeps {
  docker: DockerClient;
  /** Each session's registry checks come from one `session()`: its memo. */
  registry?: RegistrySessions | undefined;
  log: Logger;
  clock?: Clock;
  /** Test-only fault injection, called after each swap step. */
  onSwapStep?: ((step: SwapStep, name: string) => Promise<void> | void) | undefined;
  /** Test-only: per-call timeout of the swap's Docker calls (default 60 s). */
  swapCallTimeoutMs?: number | undefined;
  /**
   * Names this Bosun process in the swap records: its writer lock's instance ID, so that recovery
   * can tell a live lock holder's swap from a dead one's (default: a random ID).
   */
  instanceId?: string | undefined;
  /**
   * Aborted on SIGTERM/SIGINT: the swaps in progress finish, the units not started yet are left as
   * they are (reported Skipped) until the next session.
   */
  shutdown?: AbortSignal | undefined;
  /** The memory of images rolled back from (default: in memory only). */
  rejectedImages?: RejectedImages | undefined;
  /** Test-only: milliseconds between the inspects of a replacement under verification. */
  verifyPollMs?: number | undefined;
  /** Where the session's typed events go (logs, notifications, the live view subscribe there). */
  events?: SessionEventSink | undefined;
}

export interface SessionOptions {
  images?: readonly string[];
  /** The writer lock held for the session: once it is lost, no new swap starts. */
  lock?: { readonly lost: boolean };
}

export interface UpdateEngine {
  readonly filter: ContainerFilter;
  runSession(options?: SessionOptions, signal?: AbortSignal): Promise<SessionReport>;
  recover(signal?: AbortSignal): Promise<RecoveryAction[]>;
  /** The startup error of `--rolling-restart` with dependencies, or undefined. */
  checkSanity(signal?: AbortSignal): Promise<string | undefined>;
}

const CONCURRENCY = 6;

/**
 * A lock object, a set-aside original, or a replacement (by its record) that never started nor took
 * the name. A replacement that did is the user's container now, whatever its record says.
 */
/** What the list or an inspect tells of a container, enough to know whether a session manages it. */
interface ContainerIdentity {
  name: string;
  id: string;
  labels: Record<string, string>;
  state: string;
}

function isBosunTemporary(container: ContainerIdentity) {
  if (isLockObject(container.labels)) return true;
  if (parseAsideName(container.name, container.id) !== undefined) return true;
  const record = parseRecord(container.labels);
  return (
    record !== undefined &&
    container.state === "created" &&
    container.name.replace(/^\//, "") !== record.originalName
  );
}

const SHUTDOWN_SKIP =
  "Bosun was stopped before this container's turn; it is left as is until the next session";
const LOST_LOCK_SKIP =
  "Bosun lost its writer lock before this container's turn; it is left to the Bosun holding the lock";

export function createUpdateEngine(deps: EngineDeps, options: EngineOptions): UpdateEngine {
  const filter = buildFilter(options);
  const clock = deps.clock ?? systemClock;
  const { docker, log } = deps;
  const publisher = createSessionPublisher(log, deps.events, clock);
  const policy = createUpdatePolicy({
    docker,
    log,
    clock,
    tagPolicy: options.tagPolicy ?? "digest",
    autoRollback: options.autoRollback ?? false,
    rollbackWindow: options.rollbackWindow ?? 60_000,
  });
  const instance = deps.instanceId ?? randomUUID();
  const swarm =
    options.swarmServices === true
      ? createSwarmServices(
          { docker, log, clock },
          {
            ...options,
            filter,
            updateTimeoutMs: options.swarmUpdateTimeout ?? 600_000,
            concurrency: options.updateConcurrency ?? 1,
          },
        )
      : undefined;
  let queue: Promise<unknown> = Promise.resolve();
  const rejected = deps.rejectedImages ?? createRejectedImages(undefined);

  const noPullOf = (labels: Record<string, string>) =>
    labelOrFlag(labels, LABELS.noPull, options.noPull, options.labelTakePrecedence);
  // Swarm's task containers are its service's: only Swarm replaces them, with or without --swarm-services.
  const managed = (container: ContainerIdentity) =>
    !isBosunTemporary(container) && !isSwarmTask(container.labels);
  const listAll = async (
    signal?: AbortSignal,
    listed?: readonly ContainerSummary[],
  ): Promise<ContainerList> => {
    const all = await listContainers(docker, { ...options, concurrency: CONCURRENCY, signal, all: listed });
    return {
      containers: all.containers.filter((container) =>
        managed({ ...container, state: container.inspect.State.Status }),
      ),
      unreadable: all.unreadable.filter(managed),
    };
  };
  const select = async (signal?: AbortSignal): Promise<Container[]> =>
    (await listAll(signal)).containers.filter(filter.matches);

  /** One warning per container of this instance (or left out only by its bad enable label). */
  const warnLabelIssues = (
    containers: readonly Pick<Container, "name" | "labels">[],
    events: SessionEmitter,
  ) => {
    for (const container of containers) {
      const issues = labelIssues(container.labels, options);
      if (issues.length === 0) continue;
      const badEnable = parseBool(container.labels[LABELS.enable]) === undefined;
      const enabled = { name: container.name, labels: { ...container.labels, [LABELS.enable]: "true" } };
      if (!filter.matches(container) && !(badEnable && filter.matches(enabled))) continue;
      events.emit({
        type: "notice",
        code: "labels-unparseable",
        level: "warn",
        message: "Unparseable label values, read as Watchtower reads them",
        fields: { container: container.name, labels: describeLabelIssues(issues) },
      });
    }
  };

  // Outside a session (at startup) a recovery's notices are a session of their own: logged, and
  // on the bus so that notifications send them at once.
  const recover = (
    signal?: AbortSignal,
    events: SessionEmitter = publisher(randomUUID()),
    listed?: readonly ContainerSummary[],
  ) =>
    recoverSetAside(docker, log, {
      listed,
      events,
      matches: filter.matches,
      stopTimeoutMs: options.stopTimeout,
      clock,
      callTimeoutMs: deps.swapCallTimeoutMs,
      instance,
      signal,
    });

  const runChecks = async (
    phase: "pre-check" | "post-check",
    containers: Container[],
    events: SessionEmitter,
    signal?: AbortSignal,
  ) => {
    await mapPool(containers, CONCURRENCY, async (container) => {
      const result = await runHook(docker, phase, container, signal);
      if (result.kind === "failed") {
        const fields = { container: container.name, err: result.error };
        events.emit({
          type: "notice",
          code: `${phase}-hook-failed`,
          level: "warn",
          message: `${phase} hook failed`,
          fields,
        });
      }
    });
  };

  const session = async (sessionOptions: SessionOptions, signal?: AbortSignal): Promise<SessionReport> => {
    const { images, lock } = sessionOptions;
    const startedAt = clock.now();
    const sessionId = randomUUID();
    const events = publisher(sessionId);
    const emit = (body: SessionEventBody) => {
      events.emit(body);
    };
    emit({ type: "session-started", ...(images !== undefined && images.length > 0 && { images }) });
    const registry = deps.registry?.session();
    const wanted = images !== undefined && images.length > 0 ? imageMatcher(images) : () => true;
    const selected = (container: Container | ListedContainer) =>
      filter.matches(container) && wanted(container.imageName);
    // One list serves the recovery and (when it changed nothing) the session, and its references
    // go to the registry at once: the answers are on their way during the recovery and the
    // inspects. Not with hooks: a pre-check hook runs before its container's check asks anything.
    const all = await docker.listContainers({ ...(signal && { signal }), timeoutMs: 30_000, all: true });
    const listedManaged = all
      .filter((summary) => hasListedStatus(summary, options))
      .map(listedContainer)
      .filter(managed);
    if (!options.enableLifecycleHooks) {
      for (const container of listedManaged.filter(selected)) {
        policy.prefetch(registry, signal, container, noPullOf(container.labels));
      }
    }
    const recovered = await recover(signal, events, all);
    const check = policy.session(registry, signal, events);
    await rejected.load();
    // Width: twice the registry's own bound. A reference's check is a registry call, then an
    // inspect of its image on the engine; at the registry's bound alone its slot stayed idle
    // during every inspect, which on a slow registry added a fraction of a round trip per round.
    const checkWidth = 2 * Math.max(CONCURRENCY, options.registryConcurrency ?? CONCURRENCY);
    const checkAll = <C extends CheckSubject>(
      subjects: readonly C[],
      settled: (result: Checked<C>) => void,
    ) =>
      checkByReference(
        subjects,
        (subject) => referenceKey(subject.imageName),
        checkWidth,
        CONCURRENCY,
        async (container) => {
          const monitorOnly = labelOrFlag(
            container.labels,
            LABELS.monitorOnly,
            options.monitorOnly,
            options.labelTakePrecedence,
          );
          const checked = await check(container, { noPull: noPullOf(container.labels), monitorOnly });
          const verified = policy.verification(container).kind !== "started";
          const staleness = verified ? screenRejected(checked, container, rejected) : checked;
          const result = { container, monitorOnly, checked, staleness };
          settled(result);
          return result;
        },
      );
    const announced = new Set<string>();
    const announce = ({ container, monitorOnly, checked, staleness }: Checked<CheckSubject>) => {
      if (announced.has(container.id)) return;
      announced.add(container.id);
      emit(checkedEvent(container, monitorOnly, checked, staleness));
    };
    let inspecting: Promise<ContainerList> | undefined;
    const inspectAll = () => (inspecting ??= listAll(signal, recovered.length === 0 ? all : undefined));
    const useComposeDependsOn = options.useComposeDependsOn ?? true;
    const fromList = recovered.length === 0 && !options.enableLifecycleHooks && docker.engine === "docker";
    if (fromList) warnLabelIssues(listedManaged, events);
    const quick = fromList
      ? await checkFromList({
          docker,
          all,
          listed: listedManaged,
          options: {
            ...options,
            concurrency: CONCURRENCY,
            signal,
            useComposeDependsOn,
          },
          matches: filter.matches,
          selected,
          checkAll,
          announce,
          needsInspects: () => {
            // Started at once, next to the checks still running; awaited (and its error thrown) below.
            inspectAll().catch(() => undefined);
          },
        })
      : undefined;
    let candidates: CheckedCandidate[];
    let plan: SessionPlan;
    let unreadable: UnreadableContainer[] = [];
    if (quick !== undefined) {
      candidates = quick;
      plan = { reports: quick.map(checkReport), units: [] };
    } else {
      const listed = await inspectAll();
      if (!fromList) warnLabelIssues(listed.containers, events);
      const containers = listed.containers.filter(selected);
      unreadable = listed.unreadable.filter(selected);
      if (options.enableLifecycleHooks) await runChecks("pre-check", containers, events, signal);
      const inspected = await checkAll(containers, announce);
      candidates = inspected;
      plan = planSwaps(inspected, {
        ...options,
        useComposeDependsOn,
        disableMemorySwappiness: options.disableMemorySwappiness ?? false,
        apiVersion: docker.apiVersion,
      });
    }
    const reports = new Map<string, ContainerReport>(
      [...plan.reports, ...unreadable.map(unreadableReport)].map((report) => [report.id, report]),
    );
    planEvents(events, candidates, plan.reports, unreadable);
    const swapDeps = {
      docker,
      log,
      events,
      session: sessionId,
      instance,
      clock,
      callTimeoutMs: deps.swapCallTimeoutMs,
      onStep: deps.onSwapStep,
      hooks: options.enableLifecycleHooks,
      removeVolumes: options.removeVolumes,
      verify: createUnitVerifier({
        docker,
        log,
        events,
        clock,
        shutdown: deps.shutdown,
        pollMs: deps.verifyPollMs,
        callTimeoutMs: deps.swapCallTimeoutMs,
      }),
    };
    // A unit is swapped whole or not at all: once a shutdown is asked for, or the lock is lost (a
    // second writer may be at work), no new unit starts; the one in progress finishes.
    const leave = (unit: readonly SwapTarget[], skipped: string): Promise<SwapOutcome[]> =>
      Promise.resolve(unit.map((target) => ({ container: target.container, ok: false, skipped })));
    const swapOrLeave = (unit: readonly SwapTarget[], started?: () => void): Promise<SwapOutcome[]> => {
      if (deps.shutdown?.aborted === true) return leave(unit, SHUTDOWN_SKIP);
      if (lock?.lost === true) return leave(unit, LOST_LOCK_SKIP);
      const verified = unit.map((target) => ({
        ...target,
        verifyWindowMs:
          target.self === true ? undefined : verifyWindowMs(policy.verification(target.container)),
        imageId: reports.get(target.container.id)?.latestImageId,
      }));
      return swapUnit(swapDeps, verified, started);
    };
    const replacedImages: string[] = [];
    // Units share no dependency, so they may run side by side; Bosun's own unit always runs last
    // and alone, once every other swap is over (its replacement may retire this process).
    const isSelf = (unit: readonly SwapTarget[]) => unit.some((target) => target.self === true);
    const width = options.rollingRestart ? 1 : (options.updateConcurrency ?? 1);
    const outcomes = [
      // A unit gives its slot back once its replacements are up: verifications overlap.
      ...(await mapPoolReleasing(
        plan.units.filter((unit) => !isSelf(unit)),
        width,
        swapOrLeave,
      )),
      ...(await mapPool(plan.units.filter(isSelf), 1, (unit) => swapOrLeave(unit))),
    ];
    for (const unitOutcomes of outcomes) {
      for (const outcome of unitOutcomes) {
        const report = reports.get(outcome.container.id);
        if (report === undefined) continue;
        if (outcome.ok) {
          if (report.state === "Updated" && !isInstance(outcome.container.labels)) {
            replacedImages.push(report.currentImageId);
          }
        } else if (outcome.skipped !== undefined) {
          report.state = "Skipped";
          report.error = outcome.skipped;
          emit({
            type: "container-skipped",
            container: eventContainer(outcome.container),
            reason: outcome.skipped,
          });
        } else {
          report.state = "Failed";
          report.error = outcome.error ?? "unknown error";
          if (outcome.rolledBack !== undefined) report.rolledBack = true;
          const imageId = outcome.rolledBack?.rejectedImageId;
          if (imageId !== undefined) {
            await rejected.add({
              container: report.name,
              imageId,
              reason: report.error,
              rejectedAt: clock.now(),
            });
          }
        }
      }
    }
    const services =
      (await swarm?.({ registry, images, shutdown: deps.shutdown, lock, signal, events })) ?? [];
    // Without the lock another Bosun may be swapping: cleanup and post-checks are left to it.
    const writer = lock?.lost !== true;
    if (!writer) log.warn("Session ended early: the writer lock was lost");
    if (writer && options.cleanup) await cleanupImages(docker, events, replacedImages, signal);
    if (writer && options.enableLifecycleHooks)
      await runChecks("post-check", await select(signal), events, signal);
    const report = buildReport([...reports.values(), ...services], startedAt, clock.now());
    emit({ type: "session-done", report });
    return report;
  };

  return {
    filter,
    recover,
    runSession(sessionOptions, signal) {
      const run = queue.then(() => session(sessionOptions ?? {}, signal));
      queue = run.catch(() => undefined);
      return run;
    },
    async checkSanity(signal) {
      if (!options.rollingRestart) return undefined;
      const containers = await select(signal);
      const dependent = firstWithDependencies(containers);
      if (dependent === undefined) return undefined;
      return `${dependent} is depending on at least one other container. This is not compatible with rolling restarts`;
    },
  };
}
