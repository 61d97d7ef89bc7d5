import { describe, expect, it } from "vitest";
import { ENV_ONLY_SPECS, OPTION_SPECS } from "./options-table.ts";

function camel(long: string): string {
  return long.replace(/-([a-z])/g, (_match, letter: string) => letter.toUpperCase());
}

describe("the options table", () => {
  it("has an env var for every flag except --health-check", () => {
    const withoutEnv = OPTION_SPECS.filter((spec) => spec.env === undefined).map((spec) => spec.long);
    expect(withoutEnv).toEqual(["health-check"]);
  });

  it.each(OPTION_SPECS.map((spec) => [spec.long, spec] as const))(
    "--%s has key camelCase(long)",
    (long, spec) => {
      expect(spec.key).toBe(camel(long));
    },
  );

  it("has unique long names, short aliases, env vars and keys", () => {
    const unique = (values: (string | undefined)[]): void => {
      const present = values.filter((value): value is string => value !== undefined);
      expect(new Set(present).size).toBe(present.length);
    };
    unique(OPTION_SPECS.map((spec) => spec.long));
    unique(OPTION_SPECS.map((spec) => spec.short));
    unique([...OPTION_SPECS.map((spec) => spec.env), ...ENV_ONLY_SPECS.map((spec) => spec.env)]);
    unique([...OPTION_SPECS.map((spec) => spec.key), ...ENV_ONLY_SPECS.map((spec) => spec.key)]);
  });

  it.each([
    ["enable-lifecycle-hooks", "WATCHTOWER_LIFECYCLE_HOOKS"],
    ["notification-msteams-hook", "WATCHTOWER_NOTIFICATION_MSTEAMS_HOOK_URL"],
    ["notification-msteams-data", "WATCHTOWER_NOTIFICATION_MSTEAMS_USE_LOG_DATA"],
    ["interval", "WATCHTOWER_POLL_INTERVAL"],
    ["stop-timeout", "WATCHTOWER_TIMEOUT"],
    ["no-color", "NO_COLOR"],
    ["host", "DOCKER_HOST"],
    ["registry-concurrency", "BOSUN_REGISTRY_CONCURRENCY"],
  ])("--%s reads %s", (long, env) => {
    expect(OPTION_SPECS.find((spec) => spec.long === long)?.env).toBe(env);
  });

  it("uses the WATCHTOWER_ prefix plus the flag name for the other Watchtower flags", () => {
    const special = new Set([
      "enable-lifecycle-hooks",
      "notification-msteams-hook",
      "notification-msteams-data",
      "interval",
      "stop-timeout",
    ]);
    for (const spec of OPTION_SPECS) {
      if (spec.env === undefined || special.has(spec.long)) continue;
      if (!spec.env.startsWith("WATCHTOWER_")) continue;
      expect(spec.env).toBe(`WATCHTOWER_${spec.long.toUpperCase().replaceAll("-", "_")}`);
    }
  });

  it("marks exactly Watchtower's secret-from-file settings as secret", () => {
    expect(
      OPTION_SPECS.filter((spec) => spec.secret === true)
        .map((spec) => spec.long)
        .sort(),
    ).toEqual([
      "http-api-token",
      "notification-email-server-password",
      "notification-gotify-token",
      "notification-msteams-hook",
      "notification-slack-hook-url",
      "notification-url",
    ]);
  });

  it("gives enums their choices and lists their env split", () => {
    for (const spec of OPTION_SPECS) {
      if (spec.type === "enum") expect(spec.choices?.length).toBeGreaterThan(0);
      if (spec.type === "list") expect(spec.envSplit).toBeDefined();
    }
  });
});
