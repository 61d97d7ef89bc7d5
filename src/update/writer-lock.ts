/**
 * @module One writer per host and scope: a lock held by the Docker daemon itself, so two Bosun
 * processes on one daemon (a cron `--run-once` next to the daemon, two containers) never work on
 * the same containers at once. See docs/writer-lock.md.
 *
 * The lock is a never-started container named `bosun-lock-<scope>` (`all` without `--scope`):
 * creating a name that exists answers 409, so acquisition is atomic. Its labels name the owner and
 * the lease expiry. Labels cannot change, so the owner renews by creating a renewal record (another
 * never-started container carrying the new expiry and the owner's instance ID) and removing the
 * previous one; a lock whose newest expiry has passed belongs to a dead owner and is taken over:
 * removed by ID (so two takers cannot both succeed) and created anew.
 *
 * An unscoped instance manages every container, so it conflicts with every scope: after creating
 * `bosun-lock-all` it waits until no scoped lock is held, and a scoped instance that finds
 * `bosun-lock-all` held after creating its own gives its own back and waits. Each side creates
 * before it checks, so the two can never both proceed.
 */
import { createHash, randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { ConflictError, NotFoundError } from "../docker/errors.ts";
import type { CallOptions, ContainerSummary, DockerClient } from "../docker/types.ts";
import { LABELS } from "../container/labels.ts";
import type { Clock } from "../util/clock.ts";
import { BosunError, errorMessage } from "../util/errors.ts";

export const LOCK_LABELS = {
  /** On the lock object: its key (the scope, or `all`). */
  lock: "bosun.lock",
  /** On a renewal record: the key of the lock it renews. */
  renewal: "bosun.lock.renewal",
  owner: "bosun.lock.owner",
  instance: "bosun.lock.instance",
  /** Epoch milliseconds after which the lease is over unless renewed. */
  expires: "bosun.lock.expires",
} as const;

/** The lock objects and renewal records are Bosun's own: never selected, updated or reported. */
export function isLockObject(labels: Record<string, string> | null | undefined): boolean {
  return labels?.[LOCK_LABELS.lock] !== undefined || labels?.[LOCK_LABELS.renewal] !== undefined;
}

export class LockBusyError extends BosunError {
  readonly owner: string;

  constructor(owner: string) {
    super("LOCK_BUSY", `another Bosun (${owner}) holds the lock of this scope; session skipped`);
    this.owner = owner;
  }
}

export interface LockOwner {
  hostname: string;
  pid: number;
}

export interface WriterLockOptions {
  /** Undefined = every container (the `all` lock). */
  scope: string | undefined;
  owner: LockOwner;
  /** Milliseconds a lease lasts without renewal. */
  leaseMs: number;
  /** Milliseconds to wait for a held lock before giving up. */
  waitMs: number;
  clock: Clock;
  /** Milliseconds between two tries while waiting (default 1 s). */
  pollMs?: number;
}

export interface HeldLock {
  /**
   * True once this process can no longer be sure it holds the lock: another process took it over,
   * or the lease ran out before a renewal (a waiting Bosun may take it over at any moment). A
   * session that sees it starts no new swap.
   */
  readonly lost: boolean;
  release(): Promise<void>;
}

export interface WriterLock {
  /** The ID of this process in the lock's labels; the swap records carry it too. */
  readonly instance: string;
  /** The lock, or undefined when another owner held it for the whole wait (logged). */
  acquire(signal?: AbortSignal): Promise<HeldLock | undefined>;
  /** Runs `work` holding the lock; throws LockBusyError when it could not be had. */
  run<T>(work: (held: HeldLock) => Promise<T>, signal?: AbortSignal): Promise<T>;
}

const NAME_PREFIX = "bosun-lock-";
const ALL = "all";

/** A container name for the scope: as is when Docker accepts it, else a short hash of it. */
export function lockKey(scope: string | undefined): string {
  if (scope === undefined) return ALL;
  if (/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$/.test(scope)) return scope;
  return `h${createHash("sha256").update(scope).digest("hex").slice(0, 16)}`;
}

interface Seen {
  id: string;
  name: string;
  owner: string;
  instance: string;
  expires: number;
}

/** The instances holding a lock of any key whose lease is not over at `now` (their swaps are live). */
export function liveLockHolders(all: readonly ContainerSummary[], now: number): Set<string> {
  const { locks, leaseEnd } = lockState(all);
  return new Set(locks.filter((lock) => leaseEnd(lock) > now).map((lock) => lock.instance));
}

function lockState(all: readonly ContainerSummary[]) {
  const locks = all.filter((summary) => summary.Labels?.[LOCK_LABELS.lock] !== undefined).map(seen);
  const renewals = all.filter((summary) => summary.Labels?.[LOCK_LABELS.renewal] !== undefined).map(seen);
  /** The lease end of a lock: its own, or its owner's newest renewal. */
  const leaseEnd = (lock: Seen) =>
    Math.max(lock.expires, ...renewals.filter((r) => r.instance === lock.instance).map((r) => r.expires));
  return { locks, renewals, leaseEnd };
}

function seen(summary: ContainerSummary): Seen {
  const labels = summary.Labels ?? {};
  return {
    id: summary.Id,
    name: (summary.Names[0] ?? "").replace(/^\//, ""),
    owner: labels[LOCK_LABELS.owner] ?? "unknown",
    instance: labels[LOCK_LABELS.instance] ?? "",
    expires: Number(labels[LOCK_LABELS.expires] ?? "0") || 0,
  };
}

export function createWriterLock(docker: DockerClient, log: Logger, options: WriterLockOptions): WriterLock {
  const { clock } = options;
  const key = lockKey(options.scope);
  const name = `${NAME_PREFIX}${key}`;
  const instance = randomUUID();
  const owner = `${options.owner.hostname} pid ${String(options.owner.pid)}`;
  const pollMs = options.pollMs ?? 1000;
  const call = (signal?: AbortSignal): CallOptions => ({ ...(signal && { signal }), timeoutMs: 30_000 });

  /**
   * Every lock object and renewal record on the daemon: all carry the instance label, so the
   * engine lists just them, not every container of a large host.
   */
  const listAll = async (signal?: AbortSignal) =>
    lockState(
      await docker.listContainers({ ...call(signal), all: true, filters: { label: [LOCK_LABELS.instance] } }),
    );

  /** A local image to create the lock from: it is never started, so any image does. */
  const lockImage = async (signal?: AbortSignal): Promise<string | undefined> => {
    const all = await docker.listContainers({ ...call(signal), all: true });
    const used = new Set(all.map((summary) => summary.ImageID));
    const images = await docker.listImages(call(signal));
    // An image no container uses is never removed by --cleanup while the lock holds it.
    const unused = images.find((image) => !used.has(image.Id));
    return (unused ?? images[0])?.Id;
  };

  const createObject = async (
    objectName: string,
    labels: Record<string, string>,
    image: string,
    expires = clock.now() + options.leaseMs,
  ) =>
    docker.createContainer(
      objectName,
      {
        Image: image,
        Entrypoint: ["/bosun-lock-never-started"],
        Cmd: [],
        Labels: {
          ...labels,
          [LOCK_LABELS.owner]: owner,
          [LOCK_LABELS.instance]: instance,
          [LOCK_LABELS.expires]: String(expires),
          // Labels inherited from the image (Bosun's own marks an instance) must not make the lock
          // look like a Bosun/Watchtower instance or a container to update.
          [LABELS.instance]: "false",
          [LABELS.enable]: "false",
        },
        HostConfig: { NetworkMode: "none" },
      },
      { timeoutMs: 30_000 },
    );

  const remove = (id: string) =>
    docker
      .removeContainer(id, { force: true, removeVolumes: true }, { timeoutMs: 30_000 })
      .catch((error: unknown) => {
        if (!(error instanceof NotFoundError)) throw error;
      });

  /** Removes a dead owner's lock by ID (of two takers only one can) and its renewal records. */
  const takeOver = async (lock: Seen, renewals: readonly Seen[]) => {
    log.warn({ lock: lock.name, owner: lock.owner }, "Taking over a lock whose owner died");
    await remove(lock.id);
    for (const renewal of renewals.filter((r) => r.instance === lock.instance)) await remove(renewal.id);
  };

  /** Conflicting locks of other scopes, still within their lease (expired ones are removed). */
  const conflicts = async (signal?: AbortSignal): Promise<Seen[]> => {
    const { locks, renewals, leaseEnd } = await listAll(signal);
    const others = locks.filter(
      (lock) => lock.name !== name && (key === ALL || lock.name === NAME_PREFIX + ALL),
    );
    const alive: Seen[] = [];
    for (const lock of others) {
      if (leaseEnd(lock) > clock.now()) {
        alive.push(lock);
        continue;
      }
      await takeOver(lock, renewals);
    }
    return alive;
  };

  /** One try: the lock object's ID once created, or who holds it. */
  const tryCreate = async (
    image: string,
    signal?: AbortSignal,
  ): Promise<{ id: string; at: number } | { holder?: Seen }> => {
    try {
      const at = clock.now();
      return { id: await createObject(name, { [LOCK_LABELS.lock]: key }, image, at + options.leaseMs), at };
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
    const { locks, renewals, leaseEnd } = await listAll(signal);
    const holder = locks.find((lock) => lock.name === name);
    if (holder === undefined) return {};
    if (leaseEnd(holder) > clock.now()) return { holder };
    await takeOver(holder, renewals);
    return {};
  };

  /**
   * Renews on a fixed schedule, a quarter lease after the previous renewal was sent, whatever the
   * calls cost: a renewal makes no list call (the image is the lock's own), and the previous record
   * is removed after the new one exists. A lease that runs out anyway (a daemon slower than a
   * lease) makes the lock `lost`: a waiting Bosun may take it over at any moment.
   */
  const hold = (id: string, acquiredAt: number, lockImageId: string): HeldLock => {
    let lost = false;
    let released = false;
    let previous: string | undefined;
    let image = lockImageId;
    /** The end of the lease as last recorded in the daemon. */
    let leaseEnd = acquiredAt + options.leaseMs;
    let renewedAt = acquiredAt;
    const period = Math.max(1000, Math.floor(options.leaseMs / 4));
    const stop = new AbortController();
    let sequence = 0;
    const loseLock = (reason: string) => {
      if (lost) return;
      lost = true;
      log.error({ lock: name, reason }, "Lost the lock: another Bosun may take it over");
    };
    const checkLease = () => {
      if (!lost && !stop.signal.aborted && clock.now() >= leaseEnd)
        loseLock("the lease ran out before it could be renewed");
    };
    const renew = async () => {
      const current = await docker.inspectContainer(id, call(stop.signal)).catch((error: unknown) => {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      });
      if (current?.Name !== `/${name}`) {
        loseLock("another Bosun took it over after the lease");
        return;
      }
      sequence += 1;
      const sentAt = clock.now();
      const record = await createObject(
        `${name}-renewal-${instance.slice(0, 8)}-${String(sequence)}`,
        { [LOCK_LABELS.renewal]: key },
        image,
        sentAt + options.leaseMs,
      ).catch(async (error: unknown) => {
        // The image was removed since: take another one for the next try.
        if (error instanceof NotFoundError) image = (await lockImage(stop.signal)) ?? image;
        throw error;
      });
      renewedAt = sentAt;
      checkLease();
      if (!lost) leaseEnd = sentAt + options.leaseMs;
      if (previous !== undefined) await remove(previous);
      previous = record;
    };
    const stopped = () => stop.signal.aborted || lost;
    const loop = async () => {
      while (!stopped()) {
        try {
          await clock.sleep(Math.max(0, renewedAt + period - clock.now()), stop.signal);
          checkLease();
          if (stopped()) return;
          await renew();
        } catch (error) {
          if (stopped()) return;
          // Try again soon: the schedule above is anchored on the last renewal that got through.
          renewedAt = clock.now() - period + Math.min(period, 500);
          log.warn({ lock: name, err: errorMessage(error) }, "Could not renew the lock lease");
        }
      }
    };
    const renewing = loop();
    return {
      get lost() {
        checkLease();
        return lost;
      },
      async release() {
        if (released) return;
        released = true;
        stop.abort(new Error("released"));
        await renewing;
        // The lock first, by ID (a lock another Bosun took over is a new object, left alone): while
        // it goes, the renewal record still shows a live lease, so no waiter takes it over.
        await remove(id);
        if (previous !== undefined) await remove(previous).catch(() => undefined);
        log.debug({ lock: name }, "Lock released");
      },
    };
  };

  const acquire = async (signal?: AbortSignal): Promise<HeldLock | undefined> => {
    const image = await lockImage(signal);
    if (image === undefined) {
      // No image means no container: nothing another Bosun could be working on either.
      log.debug("No local image to hold the lock with; proceeding without it");
      return { lost: false, release: () => Promise.resolve() };
    }
    const deadline = clock.now() + options.waitMs;
    let announced: string | undefined;
    const waitingFor = (holder: Seen) => {
      if (announced === holder.owner) return;
      announced = holder.owner;
      const until = new Date(holder.expires).toISOString();
      log.info(
        { lock: holder.name, owner: holder.owner, until },
        "Another Bosun holds the lock; waiting for it",
      );
    };
    let held: HeldLock | undefined;
    try {
      for (;;) {
        if (held === undefined) {
          const result = await tryCreate(image, signal);
          if ("id" in result) {
            held = hold(result.id, result.at, image);
          } else if (result.holder !== undefined) {
            waitingFor(result.holder);
          }
        }
        if (held !== undefined) {
          const others = await conflicts(signal);
          const first = others[0];
          if (first === undefined) {
            if (announced !== undefined) log.info({ lock: name }, "Lock acquired; proceeding");
            const acquired = held;
            held = undefined;
            return acquired;
          }
          waitingFor(first);
          // A scoped instance gives way to the unscoped one; the unscoped one keeps its lock (new
          // scoped sessions now step back) and waits for the scoped sessions in progress to end.
          if (key !== ALL) {
            await held.release();
            held = undefined;
          }
        }
        if (clock.now() + pollMs > deadline) {
          log.warn({ lock: name, owner: announced }, "Gave up waiting for the lock");
          return undefined;
        }
        await clock.sleep(pollMs, signal);
      }
    } finally {
      await held?.release();
    }
  };

  return {
    instance,
    acquire,
    async run(work, signal) {
      const held = await acquire(signal);
      if (held === undefined) throw new LockBusyError(await holderName(signal));
      try {
        return await work(held);
      } finally {
        await held.release().catch((error: unknown) => {
          log.warn({ lock: name, err: errorMessage(error) }, "Could not release the lock");
        });
      }
    },
  };

  async function holderName(signal?: AbortSignal): Promise<string> {
    const { locks } = await listAll(signal).catch(() => ({ locks: [] as Seen[] }));
    return locks.find((lock) => lock.name !== name || lock.instance !== instance)?.owner ?? "unknown";
  }
}
