/**
 * @module The notification settings, named as Bosun's config keys (camelCase long flag names), so
 * the Config object can be passed to the notifier as is. Owned by the configuration layer: the
 * notifier depends on the settings, not the other way round.
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
