/**
 * Conformance with how Watchtower's Go libraries read values, row by row from their sources:
 * pflag for flags (strict), viper + spf13/cast for env vars (lenient: a value that does not parse
 * is the zero value), and Watchtower's own alias processing. Each row cites the upstream code.
 */
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/parse.ts";
import type { Config } from "../../src/config/types.ts";
import { noFiles } from "./config-rows.ts";

const PFLAG_INT = "spf13/pflag int.go (intValue.Set: strconv.ParseInt(s, 0, 64))";
const PFLAG_BOOL = "spf13/pflag bool.go (boolValue.Set: strconv.ParseBool)";
const CAST_BOOL = "spf13/cast v1.6.0 caste.go ToBoolE (string: strconv.ParseBool; error → false)";
const CAST_INT = "spf13/cast v1.6.0 caste.go ToIntE (strconv.ParseInt(trimZeroDecimal(s), 0, 0); error → 0)";
const ALIASES = "containrrr/watchtower internal/flags/flags.go ProcessFlagAliases";
const VIPER_ISSET =
  'containrrr/watchtower internal/flags/flags.go:183 viper.IsSet("NO_COLOR") (empty = unset)';
const SDK_TLS = 'docker/docker client/options.go WithTLSClientConfigFromEnv (DOCKER_TLS_VERIFY != "")';

type Row = [
  source: string,
  argv: string[],
  env: Record<string, string>,
  key: keyof Config,
  expected: unknown,
];

const ROWS: Row[] = [
  [PFLAG_INT, ["--interval", "030"], {}, "interval", 24],
  [PFLAG_INT, ["-i", "0x3c"], {}, "interval", 60],
  [PFLAG_INT, ["--interval=1_000"], {}, "interval", 1000],
  [PFLAG_BOOL, ["--cleanup=T"], {}, "cleanup", true],
  [PFLAG_BOOL, ["--cleanup=0"], {}, "cleanup", false],
  [CAST_BOOL, [], { WATCHTOWER_CLEANUP: "yes" }, "cleanup", false],
  [CAST_BOOL, [], { WATCHTOWER_CLEANUP: "on" }, "cleanup", false],
  [CAST_BOOL, [], { WATCHTOWER_CLEANUP: " true" }, "cleanup", false],
  [CAST_BOOL, [], { WATCHTOWER_CLEANUP: "TRUE" }, "cleanup", true],
  [CAST_INT, [], { WATCHTOWER_POLL_INTERVAL: "030" }, "interval", 24],
  [CAST_INT, [], { WATCHTOWER_POLL_INTERVAL: "300.0" }, "interval", 300],
  [CAST_INT, [], { WATCHTOWER_NOTIFICATIONS_DELAY: "abc" }, "notificationsDelay", 0],
  [
    `${ALIASES} (interval set: Changed or ≠ 86400)`,
    [],
    { WATCHTOWER_POLL_INTERVAL: "86400", WATCHTOWER_SCHEDULE: "@daily" },
    "schedule",
    "@daily",
  ],
  [`${ALIASES} (no schedule: @every <interval>s)`, ["--interval", "0"], {}, "schedule", "@every 0s"],
  [
    `${ALIASES} (setFlagIfDefault: only Changed flags win)`,
    ["-P", "v1"],
    { WATCHTOWER_NOTIFICATION_REPORT: "false" },
    "notificationReport",
    true,
  ],
  [
    `${ALIASES} (setFlagIfDefault: only Changed flags win)`,
    ["-P", "v1", "--notification-report=false"],
    {},
    "notificationReport",
    false,
  ],
  [VIPER_ISSET, [], { NO_COLOR: "" }, "noColor", false],
  [VIPER_ISSET, [], { NO_COLOR: "0" }, "noColor", true],
  [SDK_TLS, [], { DOCKER_TLS_VERIFY: "0" }, "tlsverify", true],
];

describe("values read as Watchtower's Go libraries read them", () => {
  it.each(ROWS)("%s: %j %j → %s = %j", (_source, argv, env, key, expected) => {
    expect(parseConfig(argv, env, noFiles).config[key]).toEqual(expected);
  });

  it.each([
    [PFLAG_INT, ["--interval", "abc"]],
    [PFLAG_INT, ["--interval", "08"]],
    [PFLAG_BOOL, ["--cleanup=yes"]],
    [`${ALIASES} (both Changed)`, ["--interval", "86400", "--schedule", "@daily"]],
  ])("%s: %j is an error, as pflag / Watchtower", (_source, argv) => {
    expect(() => parseConfig(argv, {}, noFiles)).toThrow();
  });
});
