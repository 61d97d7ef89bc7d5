import { describe, expect, expectTypeOf, it } from "vitest";
import { isOptionalString, type OptionSpec } from "./option-spec.ts";
import { ENV_ONLY_SPECS, OPTION_SPECS, type ValuesOf } from "./options-table.ts";
import { parseConfig } from "./parse.ts";
import type { FileDeps } from "./secrets.ts";
import type { Config } from "./types.ts";

const noFiles: FileDeps = {
  readFile: () => {
    throw new Error("no files in this test");
  },
  fileExists: () => false,
};

const parse = (argv: string[], env: Record<string, string> = {}): Config =>
  parseConfig(argv, env, noFiles).config;

// The build (npm run typecheck) checks these: Config's fields are the rows' types.
describe("Config, derived from the options table", () => {
  it("types each field from its row", () => {
    expectTypeOf<Config["httpApiPort"]>().toEqualTypeOf<number>();
    expectTypeOf<Config["stopTimeout"]>().toEqualTypeOf<number>();
    expectTypeOf<Config["cleanup"]>().toEqualTypeOf<boolean>();
    expectTypeOf<Config["disableContainers"]>().toEqualTypeOf<readonly string[]>();
    expectTypeOf<Config["host"]>().toEqualTypeOf<string>();
    expectTypeOf<Config["dockerConfig"]>().toEqualTypeOf<string>();
    expectTypeOf<Config["apiVersion"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Config["repoPass"]>().toEqualTypeOf<string | undefined>();
    // Every string row whose default is "": unset (or "") is undefined.
    expectTypeOf<Config["scope"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Config["httpApiToken"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Config["notificationTemplate"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Config["notificationGotifyUrl"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Config["tz"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Config["httpProxy"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Config["notificationSlackIdentifier"]>().toEqualTypeOf<string>();
    expectTypeOf<Config["tagPolicy"]>().toEqualTypeOf<
      "digest" | "semver:patch" | "semver:minor" | "semver:major"
    >();
    expectTypeOf<Config["porcelain"]>().toEqualTypeOf<"" | "v1">();
    expectTypeOf<Config["logLevel"]>().toEqualTypeOf<
      "panic" | "fatal" | "error" | "warn" | "info" | "debug" | "trace"
    >();
    // The computed fields.
    expectTypeOf<Config["schedule"]>().toEqualTypeOf<string>();
    expectTypeOf<Config["hosts"]>().toEqualTypeOf<string[]>();
  });

  it("changes a field's type with its row's type", () => {
    interface Row {
      readonly long: "port";
      readonly type: "int";
      readonly default: "1";
      readonly help: "";
      readonly group: "docker";
      readonly key: "port";
    }
    type Retyped<Type> = Omit<Row, "type"> & { readonly type: Type };
    expectTypeOf<ValuesOf<Row>>().toEqualTypeOf<{ port: number }>();
    expectTypeOf<ValuesOf<Retyped<"bool">>>().toEqualTypeOf<{ port: boolean }>();
    expectTypeOf<ValuesOf<Retyped<"string">>>().toEqualTypeOf<{ port: string }>();
  });

  it("makes a string row optional by its empty default, and no other row", () => {
    interface Row {
      readonly long: "name";
      readonly type: "string";
      readonly default: "";
      readonly help: "";
      readonly group: "docker";
      readonly key: "name";
    }
    type Retyped<Type, Default extends string = ""> = Omit<Row, "type" | "default"> & {
      readonly type: Type;
      readonly default: Default;
    };
    expectTypeOf<ValuesOf<Row>>().toEqualTypeOf<{ name: string | undefined }>();
    expectTypeOf<ValuesOf<Retyped<"string", "x">>>().toEqualTypeOf<{ name: string }>();
    expectTypeOf<ValuesOf<Retyped<"list">>>().toEqualTypeOf<{ name: readonly string[] }>();
    expectTypeOf<
      ValuesOf<Retyped<"enum"> & { readonly choices: readonly ["v1"]; readonly emptyAs: "" }>
    >().toEqualTypeOf<{ name: "" | "v1" }>();
    // An env-only row (no `type`) is a string.
    expectTypeOf<ValuesOf<{ readonly key: "tz"; readonly default: "" }>>().toEqualTypeOf<{
      tz: string | undefined;
    }>();
    expectTypeOf<ValuesOf<{ readonly key: "dir"; readonly default: "/" }>>().toEqualTypeOf<{ dir: string }>();
  });
});

/** The runtime type a row's value must have (what ValueOf says at compile time). */
function matchesKind(spec: Pick<OptionSpec, "type" | "default" | "choices">, value: unknown): boolean {
  switch (spec.type) {
    case "bool":
      return typeof value === "boolean";
    case "int":
    case "duration":
      return typeof value === "number" && Number.isInteger(value);
    case "list":
      return Array.isArray(value) && value.every((item) => typeof item === "string");
    case "enum":
      return typeof value === "string";
    case "string":
      // A string setting with the default "" is undefined by default, never "".
      return spec.default === "" ? value === undefined : typeof value === "string" && value !== "";
  }
}

describe("the resolved values", () => {
  const config = parse([]);

  it.each(OPTION_SPECS.filter((spec) => spec.key !== "schedule").map((spec) => [spec.long, spec] as const))(
    "--%s defaults to a value of its row's type",
    (_long, spec) => {
      expect(matchesKind(spec, Reflect.get(config, spec.key))).toBe(true);
    },
  );

  it.each(ENV_ONLY_SPECS.map((spec) => [spec.env, spec] as const))(
    "%s defaults to a string (undefined when its default is empty)",
    (_env, spec) => {
      expect(matchesKind({ type: "string", ...spec }, Reflect.get(config, spec.key))).toBe(true);
    },
  );

  const optional = OPTION_SPECS.filter((spec) => isOptionalString(spec) && spec.key !== "schedule");

  it("finds the string rows with an empty default", () => {
    expect(optional.map((spec) => spec.key)).toEqual(
      expect.arrayContaining([
        "apiVersion",
        "scope",
        "httpApiToken",
        "notificationTemplate",
        "notificationGotifyUrl",
      ]),
    );
    expect(ENV_ONLY_SPECS.filter((spec) => isOptionalString(spec)).map((spec) => spec.key)).toEqual([
      "repoUser",
      "repoPass",
      "tz",
      "httpProxy",
      "httpsProxy",
      "noProxy",
    ]);
  });

  it.each(optional.map((spec) => [spec.long, spec] as const))(
    "--%s is undefined when unset, empty or an empty flag, and a value otherwise",
    (long, spec) => {
      // A --notification-template-file value is read as a file.
      const files: FileDeps = { readFile: () => "from a file", fileExists: () => false };
      const of = (argv: string[], env: Record<string, string> = {}): unknown =>
        Reflect.get(parseConfig(argv, env, files).config, spec.key);
      expect(of([])).toBeUndefined();
      expect(of([`--${long}`, ""])).toBeUndefined();
      expect(of([], { [spec.env ?? ""]: "" })).toBeUndefined();
      expect(of([`--${long}`, "v"])).toBe("v");
      expect(of([], { [spec.env ?? ""]: "v" })).toBe("v");
    },
  );

  it.each(ENV_ONLY_SPECS.filter((spec) => isOptionalString(spec)).map((spec) => [spec.env, spec] as const))(
    "%s is undefined when unset or empty, and a value otherwise",
    (env, spec) => {
      expect(Reflect.get(parse([], { [env]: "" }), spec.key)).toBeUndefined();
      const value = env === "TZ" ? "Europe/Rome" : "http://proxy:3128";
      expect(Reflect.get(parse([], { [env]: value }), spec.key)).toBe(value);
    },
  );

  it("makes an empty --schedule no schedule, so the interval is the schedule", () => {
    expect(parse(["--schedule", ""]).schedule).toBe("@every 86400s");
    expect(parse([], { WATCHTOWER_SCHEDULE: "", WATCHTOWER_POLL_INTERVAL: "60" }).schedule).toBe(
      "@every 60s",
    );
  });
});
