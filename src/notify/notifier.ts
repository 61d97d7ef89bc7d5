/**
 * @module The notifier: subscribes to the session events, collects their entries during a session,
 * renders one message per session (or per startup, or per event outside a session) with the
 * template, and delivers it to every service in the background, in order per service, without ever
 * blocking the caller.
 */
import type { Logger } from "pino";
import type { Dispatcher } from "undici";
import type { SessionReport } from "../update/report-types.ts";
import type { Clock } from "../util/clock.ts";
import { errorMessage } from "../util/errors.ts";
import { DEFAULT_RETRY, deliver, type RetryPolicy } from "./delivery.ts";
import type { SessionEvent } from "../update/events/session-events.ts";
import type { EventBus } from "../util/event-bus.ts";
import { entriesOfEvent } from "./event-entries.ts";
import type { NotifyOptions } from "../config/notify-options.ts";
import { resolveNotifySettings, type NotifySettings } from "./settings.ts";
import type { NotificationService, OutgoingMessage, ServiceDeps } from "./service.ts";
import { createService } from "./service-registry.ts";
import type { MailTransportFactory } from "./mail-transport.ts";
import { EntryData, NotificationData } from "./template-data.ts";

export interface NotifierDeps {
  logger: Logger;
  clock: Clock;
  /** The OS hostname, used when `notificationsHostname` is empty. */
  hostname: string;
  dispatcher?: Dispatcher;
  resolveEndpoint?: (url: URL) => URL;
  createMailTransport?: MailTransportFactory;
  /** Where `logger://` writes with notificationLogStdout. */
  stdout?: (text: string) => void;
  /** Called once per message that could not be delivered to a service. */
  onFailure?: (service: string) => void;
  retry?: Partial<RetryPolicy>;
  /** The session events whose entries the messages carry. */
  events?: Pick<EventBus<SessionEvent>, "subscribe">;
}

export interface Notifier {
  /** The schemes in use, e.g. `["smtp", "slack"]`, for the startup message. */
  readonly services: readonly string[];
  /** Starts collecting the entries of the session's events for its message. */
  startSession(): void;
  /**
   * Ends the session: renders and queues its message, without a report when the session failed
   * before it had one. Never waits for delivery.
   */
  sendReport(report: SessionReport | undefined): void;
  /** Queues the startup lines as one message (nothing with noStartupMessage). */
  sendStartupMessage(lines: readonly string[]): void;
  /** Stops following the events; waits for every queued message to be delivered or to fail. */
  close(): Promise<void>;
}

/** Per service, at most this many messages wait; beyond it new ones are dropped (and logged). */
const MAX_QUEUED = 50;

export function createNotifier(options: NotifyOptions, deps: NotifierDeps): Notifier {
  const settings: NotifySettings = resolveNotifySettings(options, deps.hostname);
  const serviceDeps: ServiceDeps = {
    logger: deps.logger,
    clock: deps.clock,
    dispatcher: deps.dispatcher,
    resolveEndpoint: deps.resolveEndpoint,
    logStdout: options.notificationLogStdout,
    stdout: deps.stdout ?? ((text) => process.stdout.write(text)),
    // nodemailer is large and only SMTP needs it: loaded with the first mail.
    createMailTransport:
      deps.createMailTransport ?? (async (o) => (await import("nodemailer")).default.createTransport(o)),
  };
  const services = settings.urls.map((url) => createService(url, serviceDeps));
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...deps.retry };
  const log = deps.logger;
  const queues = new Map<NotificationService, { tail: Promise<void>; size: number }>(
    services.map((s) => [s, { tail: Promise.resolve(), size: 0 }]),
  );
  let batch: EntryData[] | undefined;
  let templateErrorLogged = false;

  async function sendOne(service: NotificationService, message: OutgoingMessage): Promise<void> {
    if (settings.delayMs > 0) await deps.clock.sleep(settings.delayMs);
    const result = await deliver(service, message, policy, deps.clock);
    if (result.ok) {
      log.debug({ service: service.scheme, attempts: result.attempts }, "Notification sent");
      return;
    }
    log.error(
      {
        service: service.scheme,
        url: service.maskedUrl,
        attempts: result.attempts,
        error: result.error,
      },
      "Failed to send notification",
    );
    deps.onFailure?.(service.scheme);
  }

  function enqueue(body: string): void {
    if (body.trim() === "") {
      if (services.length > 1) log.debug("Skipping notification due to empty message");
      return;
    }
    const message: OutgoingMessage = { title: settings.skipTitle ? undefined : settings.title, body };
    for (const [service, queue] of queues) {
      if (queue.size >= MAX_QUEUED) {
        log.warn({ service: service.scheme }, "Notification queue full, dropping message");
        continue;
      }
      queue.size += 1;
      queue.tail = queue.tail
        .then(() => sendOne(service, message))
        .catch((error: unknown) => {
          log.error({ service: service.scheme, error: errorMessage(error) }, "Failed to send notification");
        })
        .finally(() => {
          queue.size -= 1;
        });
    }
  }

  function render(entries: EntryData[], report: SessionReport | undefined): string {
    const data = settings.reportMode
      ? new NotificationData(settings.title, settings.host, entries, report)
      : entries;
    try {
      return settings.template.execute(data);
    } catch (error) {
      // A broken template must not silence notifications: the built-in text goes out instead,
      // and the error is logged once, not every session.
      if (!templateErrorLogged)
        log.error({ error: errorMessage(error) }, "Notification template failed, sending the default text");
      templateErrorLogged = true;
      return settings.fallback.execute(data);
    }
  }

  const unsubscribe =
    services.length === 0
      ? undefined
      : deps.events?.subscribe((event) => {
          const entries = entriesOfEvent(event, settings.levelThreshold);
          if (entries.length === 0) return;
          // Outside a session (crash recovery at startup) an event goes out on its own, at once.
          if (batch !== undefined) batch.push(...entries);
          else enqueue(render(entries, undefined));
        });

  return {
    services: services.map((s) => s.scheme),
    startSession(): void {
      batch = [];
    },
    sendReport(report: SessionReport | undefined): void {
      const entries = batch ?? [];
      batch = undefined;
      if (services.length === 0) return;
      enqueue(render(entries, report));
    },
    sendStartupMessage(lines: readonly string[]): void {
      if (options.noStartupMessage || services.length === 0) return;
      const now = new Date(deps.clock.now());
      enqueue(
        render(
          lines.map((line) => new EntryData(line, "info", now, {})),
          undefined,
        ),
      );
    },
    async close(): Promise<void> {
      unsubscribe?.();
      await Promise.all([...queues.values()].map((q) => q.tail));
    },
  };
}
