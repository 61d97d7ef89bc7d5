/**
 * @module Startup validation of the notification options: URLs (legacy ones appended), the
 * template, the level. Every problem is a NotifyConfigError with secrets masked.
 */
import { BUILTIN_TEMPLATES } from "./builtin-templates.ts";
import { NotifyConfigError } from "./errors.ts";
import { legacyUrls } from "./legacy-urls.ts";
import { levelThreshold } from "./notify-level.ts";
import type { NotifyOptions } from "../config/notify-options.ts";
import { notificationTitle } from "./template-data.ts";
import { TemplateError } from "./template/errors.ts";
import { compileTemplate, type CompiledTemplate } from "./template/template.ts";

export interface NotifySettings {
  urls: string[];
  template: CompiledTemplate;
  /** The built-in template of the mode, for when the user's template fails at render time. */
  fallback: CompiledTemplate;
  reportMode: boolean;
  levelThreshold: number;
  delayMs: number;
  host: string;
  title: string;
  skipTitle: boolean;
}

export function resolveNotifySettings(o: NotifyOptions, osHostname: string): NotifySettings {
  const urls = [...o.notificationUrl.map((u) => u.trim()).filter((u) => u !== ""), ...legacyUrls(o)];
  const host = o.notificationsHostname ?? osHostname;
  const tag = o.notificationTitleTag ?? o.notificationEmailSubjecttag;
  const delaySeconds = o.notificationEmailDelay > 0 ? o.notificationEmailDelay : o.notificationsDelay;
  if (!Number.isFinite(delaySeconds) || delaySeconds < 0)
    throw new NotifyConfigError("notifications delay must be a non-negative number of seconds");
  return {
    urls,
    template: templateFor(o.notificationTemplate, o.notificationReport),
    fallback: templateFor(undefined, o.notificationReport),
    reportMode: o.notificationReport,
    levelThreshold: levelThreshold(o.notificationsLevel),
    delayMs: delaySeconds * 1000,
    host,
    title: notificationTitle(host, tag),
    skipTitle: o.notificationSkipTitle,
  };
}

/** The template named or written in `nameOrText`; without one, the built-in default of the mode. */
function templateFor(nameOrText: string | undefined, reportMode: boolean): CompiledTemplate {
  const name = nameOrText ?? (reportMode ? "default" : "default-legacy");
  const text = BUILTIN_TEMPLATES.get(name) ?? name;
  try {
    return compileTemplate(text);
  } catch (error) {
    if (error instanceof TemplateError)
      throw new NotifyConfigError(`invalid notification template: ${error.message}`, { cause: error });
    throw error;
  }
}
