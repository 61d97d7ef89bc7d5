/**
 * @module The data a notification template sees, shaped like Watchtower's Go types so that
 * user templates written for Watchtower resolve: `.Report.Updated`, `.Name`, `.ImageName`,
 * `.CurrentImageID.ShortID`, `.State`, `.Error`, `.Entries`, `.Message`, `.Level`, `.Data`.
 */
import { watchtowerView } from "../update/report.ts";
import type { ContainerReport, SessionReport } from "../update/report-types.ts";
import { GoTime } from "./template/go-time.ts";
import type { GoStringer } from "./template/values.ts";
import { shortId } from "../util/image-reference.ts";

/** A Go string type with a `ShortID` method: types.ImageID and types.ContainerID. */
export class GoID implements GoStringer {
  private readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  goString(): string {
    return this.value;
  }
  ShortID(): string {
    return shortId(this.value);
  }
  toGoJSON(): string {
    return this.value;
  }
}

export class ContainerData {
  private readonly c: ContainerReport;
  constructor(c: ContainerReport) {
    this.c = c;
  }
  ID(): GoID {
    return new GoID(this.c.id);
  }
  Name(): string {
    return this.c.name;
  }
  ImageName(): string {
    return this.c.imageName;
  }
  CurrentImageID(): GoID {
    return new GoID(this.c.currentImageId);
  }
  LatestImageID(): GoID {
    return new GoID(this.c.latestImageId);
  }
  State(): string {
    return this.c.state;
  }
  Error(): string {
    return this.c.error ?? "";
  }
  /** The tag the container ran; "" for a digest reference. */
  CurrentTag(): string {
    return this.c.currentTag ?? "";
  }
  /** The newest tag its tag policy allows: CurrentTag unless a newer version was found. */
  LatestTag(): string {
    return this.c.latestTag ?? this.c.currentTag ?? "";
  }
  /** The Docker host of the container with several hosts; "" with one. */
  Host(): string {
    return this.c.host ?? "";
  }
  /** `--auto-rollback` put the original back (State is Failed, Error says why). */
  RolledBack(): boolean {
    return this.c.rolledBack === true;
  }
  /** Watchtower's json.v1 container object. */
  toGoJSON(): Record<string, string> {
    const out: Record<string, string> = {
      id: shortId(this.c.id),
      name: this.c.name,
      currentImageId: shortId(this.c.currentImageId),
      latestImageId: shortId(this.c.latestImageId),
      imageName: this.c.imageName,
      state: this.c.state,
    };
    if (this.c.error !== undefined && this.c.error !== "") out.error = this.c.error;
    if (this.c.host !== undefined) out.host = this.c.host;
    // Only a tag move adds keys, so Watchtower's json.v1 stays as it was for everything else.
    if (this.c.latestTag !== undefined && this.c.latestTag !== this.c.currentTag) {
      out.currentTag = this.c.currentTag ?? "";
      out.latestTag = this.c.latestTag;
    }
    if (this.c.rolledBack === true) out.rolledBack = "true";
    return out;
  }
}

export class ReportData {
  private readonly r: SessionReport;
  constructor(r: SessionReport) {
    this.r = r;
  }
  Scanned(): ContainerData[] {
    return wrap(this.r.scanned);
  }
  Updated(): ContainerData[] {
    return wrap(this.r.updated);
  }
  Failed(): ContainerData[] {
    return wrap(this.r.failed);
  }
  Skipped(): ContainerData[] {
    return wrap(this.r.skipped);
  }
  Stale(): ContainerData[] {
    return wrap(this.r.stale);
  }
  Fresh(): ContainerData[] {
    return wrap(this.r.fresh);
  }
  Restarted(): ContainerData[] {
    return wrap(this.r.restarted);
  }
  All(): ContainerData[] {
    return wrap(this.r.containers);
  }
  toGoJSON(): Record<string, ContainerData[]> {
    return {
      scanned: this.Scanned(),
      updated: this.Updated(),
      failed: this.Failed(),
      skipped: this.Skipped(),
      stale: this.Stale(),
      fresh: this.Fresh(),
    };
  }
}

function wrap(list: ContainerReport[]): ContainerData[] {
  return list.map((c) => new ContainerData(c));
}

/** A logrus level: prints as its name. */
export class LevelName implements GoStringer {
  private readonly name: string;
  constructor(name: string) {
    this.name = name;
  }
  goString(): string {
    return this.name;
  }
}

/** A log line collected during a session (logrus.Entry's template-visible fields). */
export class EntryData {
  readonly Message: string;
  readonly Level: LevelName;
  /** A Go time.Time in the local zone, as logrus stamps entries. */
  readonly Time: GoTime;
  readonly Data: Record<string, unknown>;
  constructor(
    message: string,
    level: string,
    time: Date,
    data: Record<string, unknown>,
    /** false: the time in UTC (test fixtures); logrus stamps entries in the local zone. */
    localTime = true,
  ) {
    this.Message = message;
    this.Level = new LevelName(level);
    this.Time = new GoTime(time.getTime(), localTime);
    this.Data = data;
  }
  toGoJSON(): Record<string, unknown> {
    return {
      data: this.Data,
      level: this.Level.goString(),
      message: this.Message,
      time: this.Time,
    };
  }
}

/** Template data in report mode: `{Title, Host, Entries, Report}`. */
export class NotificationData {
  readonly Title: string;
  readonly Host: string;
  readonly Entries: EntryData[];
  readonly Report: ReportData | null;
  constructor(title: string, host: string, entries: EntryData[], report: SessionReport | undefined) {
    this.Title = title;
    this.Host = host;
    this.Entries = entries;
    // Watchtower's states: a dependent restarted for its parent is Fresh (decision 18).
    this.Report = report === undefined ? null : new ReportData(watchtowerView(report));
  }
  toGoJSON(): Record<string, unknown> {
    return { entries: this.Entries, host: this.Host, report: this.Report, title: this.Title };
  }
}

/** `[tag] Watchtower updates on host`, as Watchtower's GetTitle builds it (no tag: no prefix). */
export function notificationTitle(host: string, tag: string | undefined): string {
  const prefix = tag === undefined ? "" : `[${tag}] `;
  const suffix = host === "" ? "" : ` on ${host}`;
  return `${prefix}Watchtower updates${suffix}`;
}
