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
  notificationsHostname: "",
  notificationTemplate: "",
  notificationReport: false,
  notificationTitleTag: "",
  notificationSkipTitle: false,
  notificationLogStdout: false,
  noStartupMessage: false,
  notificationEmailFrom: "",
  notificationEmailTo: "",
  notificationEmailDelay: 0,
  notificationEmailServer: "",
  notificationEmailServerPort: 25,
  notificationEmailServerTlsSkipVerify: false,
  notificationEmailServerUser: "",
  notificationEmailServerPassword: "",
  notificationEmailSubjecttag: "",
  notificationSlackHookUrl: "",
  notificationEmailFromName: "",
  notificationSlackIdentifier: "watchtower",
  notificationSlackChannel: "",
  notificationSlackIconEmoji: "",
  notificationSlackIconUrl: "",
  notificationMsteamsHook: "",
  notificationMsteamsData: false,
  notificationGotifyUrl: "",
  notificationGotifyToken: "",
  notificationGotifyTlsSkipVerify: false,
};
