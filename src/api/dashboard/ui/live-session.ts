/**
 * @module The live view's state of the session in progress, folded from session events: its steps
 * as sentences (the newest is announced to screen readers), the swap phase of each container being
 * replaced, and the progress of image pulls. No DOM here: render-live.ts shows it.
 */
import type { LiveContainer, LiveEvent } from "./live-event.ts";

export type Tone = "info" | "ok" | "warn" | "error";

export interface LiveStep {
  at: number;
  text: string;
  tone: Tone;
}

export interface PullProgress {
  layers: number;
  layersDone: number;
  done: boolean;
}

/** Steps kept for the view; a session of hundreds of containers shows its latest ones. */
export const MAX_STEPS = 200;

const PHASE_TEXT: Readonly<Record<string, string>> = {
  "container-stopping": "stopping",
  "container-created": "created",
  "container-started": "starting",
  "container-verifying": "verifying",
};

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

function who(container: LiveContainer | undefined, host: string | undefined): string {
  const name = container?.name ?? "?";
  return host === undefined ? name : `${name} on ${host}`;
}

function countsText(outcome: ReadonlyMap<string, number>): string {
  const parts = ["updated", "failed", "skipped"].map((key) => `${outcome.get(key) ?? 0} ${key}`);
  return `${outcome.get("scanned") ?? 0} scanned, ${parts.join(", ")}`;
}

/** The sentence for one event, or undefined for events the view only counts (pull progress). */
export function stepOf(event: LiveEvent): LiveStep | undefined {
  const name = who(event.container, event.host);
  const step = (text: string, tone: Tone = "info"): LiveStep => ({ at: event.at, text, tone });
  switch (event.type) {
    case "session-started":
      return step(
        event.images === undefined || event.images.length === 0
          ? "Session started"
          : `Session started for ${event.images.join(", ")}`,
      );
    case "container-checked":
      if (event.result === "stale") {
        return step(
          event.latestTag === undefined
            ? `${name}: a newer image is available`
            : `${name}: newer tag ${event.latestTag}`,
        );
      }
      if (event.result === "skipped")
        return step(`${name}: skipped: ${event.reason ?? "no reason given"}`, "warn");
      return step(`${name}: up to date`);
    case "image-pull-started":
      return step(`Pulling ${event.image ?? "an image"}`);
    case "image-pulled":
      return step(`Pulled ${event.image ?? "an image"}`);
    case "container-stopping":
      return step(`${name}: stopping${event.signal === undefined ? "" : ` (${event.signal})`}`);
    case "container-created":
      return step(`${name}: new container created`);
    case "container-started":
      return step(`${name}: started`);
    case "container-verifying":
      return step(
        `${name}: verifying${event.windowMs === undefined ? "" : ` for ${seconds(event.windowMs)}`}`,
      );
    case "container-verified":
      return step(`${name}: verified`, "ok");
    case "container-updated":
      return step(`${name}: updated`, "ok");
    case "container-rolled-back":
      return step(`${name}: rolled back: ${event.reason ?? "no reason given"}`, "error");
    case "container-failed":
      return step(`${name}: failed: ${event.error ?? "no reason given"}`, "error");
    case "image-removed":
      return step(`Removed old image ${event.image ?? ""}`.trim());
    case "notice":
      if (event.level === "info") return undefined;
      return step(event.message ?? "notice", event.level === "error" ? "error" : "warn");
    case "session-done":
      return step(
        event.outcome === undefined ? "Session done" : `Session done: ${countsText(event.outcome)}`,
        (event.outcome?.get("failed") ?? 0) > 0 ? "warn" : "ok",
      );
    default:
      return undefined;
  }
}

export class LiveSession {
  session: string | undefined;
  startedAt: number | undefined;
  running = false;
  readonly steps: LiveStep[] = [];
  /** The swap phase of each container (by the ID it had when the session started) being replaced. */
  readonly phases = new Map<string, string>();
  readonly pulls = new Map<string, PullProgress>();

  /** A session known from `/v1/containers` (the page opened while it runs). */
  resume(session: string, startedAt: number | undefined): void {
    if (this.session === session) return;
    this.reset(session, startedAt);
  }

  /** Folds one event in; returns its step, if it has one. */
  apply(event: LiveEvent): LiveStep | undefined {
    if (event.type === "session-started" || this.session !== event.session)
      this.reset(event.session, event.at);
    const id = event.container?.id;
    const phase = PHASE_TEXT[event.type];
    if (id !== undefined) {
      if (phase !== undefined) this.phases.set(id, phase);
      else if (/^container-(updated|failed|rolled-back)$/.test(event.type)) this.phases.delete(id);
    }
    if (event.image !== undefined && event.type.startsWith("image-pull")) {
      const pull = this.pulls.get(event.image) ?? { layers: 0, layersDone: 0, done: false };
      this.pulls.set(event.image, {
        layers: event.layers ?? pull.layers,
        layersDone: event.layersDone ?? pull.layersDone,
        done: false,
      });
    }
    if (event.type === "image-pulled" && event.image !== undefined) {
      const pull = this.pulls.get(event.image);
      if (pull !== undefined) this.pulls.set(event.image, { ...pull, layersDone: pull.layers, done: true });
    }
    if (event.type === "session-done") {
      this.running = false;
      this.phases.clear();
    }
    const step = stepOf(event);
    if (step !== undefined) {
      this.steps.push(step);
      if (this.steps.length > MAX_STEPS) this.steps.splice(0, this.steps.length - MAX_STEPS);
    }
    return step;
  }

  private reset(session: string, startedAt: number | undefined): void {
    this.session = session;
    this.startedAt = startedAt;
    this.running = true;
    this.steps.length = 0;
    this.phases.clear();
    this.pulls.clear();
  }
}
