/**
 * @module The notification settings, named as Bosun's config keys (camelCase long flag names), so
 * the Config object can be passed to the notifier as is. Owned by the configuration layer: the
 * notifier depends on the settings, not the other way round. A slice of Config, so typed by the
 * options table's rows.
 */
import type { Config } from "./types.ts";

export type NotifyOptions = Pick<
  Config,
  | "notificationUrl"
  | "notifications"
  | "notificationsLevel"
  | "notificationsDelay"
  | "notificationsHostname"
  | "notificationTemplate"
  | "notificationReport"
  | "notificationTitleTag"
  | "notificationSkipTitle"
  | "notificationLogStdout"
  | "noStartupMessage"
  | "notificationEmailFrom"
  | "notificationEmailTo"
  | "notificationEmailDelay"
  | "notificationEmailServer"
  | "notificationEmailServerPort"
  | "notificationEmailServerTlsSkipVerify"
  | "notificationEmailServerUser"
  | "notificationEmailServerPassword"
  | "notificationEmailSubjecttag"
  | "notificationEmailFromName"
  | "notificationSlackHookUrl"
  | "notificationSlackIdentifier"
  | "notificationSlackChannel"
  | "notificationSlackIconEmoji"
  | "notificationSlackIconUrl"
  | "notificationMsteamsHook"
  | "notificationMsteamsData"
  | "notificationGotifyUrl"
  | "notificationGotifyToken"
  | "notificationGotifyTlsSkipVerify"
>;
