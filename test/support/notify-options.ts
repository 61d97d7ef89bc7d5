/**
 * @module Watchtower's defaults of the notification settings, for tests that set only a few keys.
 */
import type { NotifyOptions } from "../../src/config/notify-options.ts";

/** Watchtower's defaults, for tests and callers that set only a few keys. */
export const DEFAULT_NOTIFY_OPTIONS: NotifyOptions = {
  notificationUrl: [],
  notifications: [],
  notificationsLevel: "info",
  notificationsDelay: 0,
  notificationsHostname: undefined,
  notificationTemplate: undefined,
  notificationReport: false,
  notificationTitleTag: undefined,
  notificationSkipTitle: false,
  notificationLogStdout: false,
  noStartupMessage: false,
  notificationEmailFrom: undefined,
  notificationEmailTo: undefined,
  notificationEmailDelay: 0,
  notificationEmailServer: undefined,
  notificationEmailServerPort: 25,
  notificationEmailServerTlsSkipVerify: false,
  notificationEmailServerUser: undefined,
  notificationEmailServerPassword: undefined,
  notificationEmailSubjecttag: undefined,
  notificationSlackHookUrl: undefined,
  notificationEmailFromName: undefined,
  notificationSlackIdentifier: "watchtower",
  notificationSlackChannel: undefined,
  notificationSlackIconEmoji: undefined,
  notificationSlackIconUrl: undefined,
  notificationMsteamsHook: undefined,
  notificationMsteamsData: false,
  notificationGotifyUrl: undefined,
  notificationGotifyToken: undefined,
  notificationGotifyTlsSkipVerify: false,
};
