/**
 * @module The notification settings, named as Bosun's config keys (camelCase long flag names),
 * so the Config object can be passed as is.
 */

export interface NotifyOptions {
  notificationUrl: readonly string[];
  /** Legacy types: email, slack, msteams, gotify, shoutrrr (ignored). */
  notifications: readonly string[];
  notificationsLevel: string;
  /** Seconds. */
  notificationsDelay: number;
  notificationsHostname: string;
  notificationTemplate: string;
  notificationReport: boolean;
  notificationTitleTag: string;
  notificationSkipTitle: boolean;
  notificationLogStdout: boolean;
  noStartupMessage: boolean;
  notificationEmailFrom: string;
  notificationEmailTo: string;
  notificationEmailDelay: number;
  notificationEmailServer: string;
  notificationEmailServerPort: number;
  notificationEmailServerTlsSkipVerify: boolean;
  notificationEmailServerUser: string;
  notificationEmailServerPassword: string;
  notificationEmailSubjecttag: string;
  /** beatkind/watchtower's sender name for the legacy email URL; empty means "Watchtower". */
  notificationEmailFromName?: string;
  notificationSlackHookUrl: string;
  notificationSlackIdentifier: string;
  notificationSlackChannel: string;
  notificationSlackIconEmoji: string;
  notificationSlackIconUrl: string;
  notificationMsteamsHook: string;
  notificationMsteamsData: boolean;
  notificationGotifyUrl: string;
  notificationGotifyToken: string;
  notificationGotifyTlsSkipVerify: boolean;
}

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
