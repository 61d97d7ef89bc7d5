/**
 * @module `logger://`: writes the notification to Bosun's log, or to stdout with
 * `--notification-log-stdout`.
 */
import type { NotificationService, OutgoingMessage, ServiceDeps } from "../service.ts";
import { maskUrl, type ServiceUrl } from "../service-url.ts";

export function createLoggerService(url: ServiceUrl, deps: ServiceDeps): NotificationService {
  return {
    scheme: "logger",
    maskedUrl: maskUrl(url.raw),
    send(message: OutgoingMessage): Promise<void> {
      if (deps.logStdout) deps.stdout(message.body.endsWith("\n") ? message.body : `${message.body}\n`);
      else deps.logger.info({ title: message.title, notification: message.body }, "Notification");
      return Promise.resolve();
    },
  };
}
