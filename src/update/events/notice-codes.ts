/**
 * @module The codes of the session's notices: what a notice is about, for machines (log filters,
 * `/v1/events` clients, tests), while its message stays the sentence Bosun (or Watchtower) has
 * always logged. A code never changes once released; a new kind of notice gets a new one.
 */

export const NOTICE_CODES = [
  // Crash recovery at startup or before a session (recovery.ts).
  "swap-recovered",
  "swap-recovery-failed",
  // Putting the old container back after a failed swap (restore.ts).
  "container-restored",
  "restore-step-failed",
  "restore-failed",
  // The swap's loose ends (swap.ts).
  "old-container-removal-failed",
  "new-container-stop-failed",
  "volume-removal-failed",
  // Lifecycle hooks that failed without stopping the update, one code per phase.
  "pre-check-hook-failed",
  "post-check-hook-failed",
  "post-update-hook-failed",
  // Checking for new images.
  "head-fallback",
  "digest-unchanged",
  "labels-unparseable",
  "compose-caveat",
  // --cleanup.
  "cleanup-list-failed",
  "image-in-use",
  "image-removal-failed",
  // Swarm services.
  "services-unlisted",
  "service-updating",
  // Around the engine: a trigger, a session or a Docker host of several that failed.
  "update-triggered",
  "session-failed",
  "host-failed",
] as const;

export type NoticeCode = (typeof NOTICE_CODES)[number];
