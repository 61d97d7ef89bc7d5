import { describe, expect, expectTypeOf, it } from "vitest";
import type { OptionSpec } from "./option-spec.ts";
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
    expectTypeOf<ValuesOf<Retyped<"string"> & { readonly optional: true }>>().toEqualTypeOf<{
      port: string | undefined;
    }>();
  });
});

/** The runtime type a row's value must have (what ValueOf says at compile time). */
function matchesKind(spec: Pick<OptionSpec, "type" | "optional" | "choices">, value: unknown): boolean {
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
      return typeof value === "string" || (spec.optional === true && value === undefined);
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
    "%s defaults to a string (undefined when optional)",
    (_env, spec) => {
      expect(matchesKind({ type: "string", ...spec }, Reflect.get(config, spec.key))).toBe(true);
    },
  );

  it("makes an optional string undefined when unset, empty or an empty flag, in one place", () => {
    expect(parse([]).apiVersion).toBeUndefined();
    expect(parse([], { DOCKER_API_VERSION: "" }).apiVersion).toBeUndefined();
    expect(parse(["--api-version", ""]).apiVersion).toBeUndefined();
    expect(parse(["--api-version", "1.41"]).apiVersion).toBe("1.41");
    expect(parse([], { REPO_USER: "", REPO_PASS: "" })).toMatchObject({
      repoUser: undefined,
      repoPass: undefined,
    });
    expect(parse([], { REPO_USER: "u", REPO_PASS: "p" })).toMatchObject({ repoUser: "u", repoPass: "p" });
  });

  it("keeps an empty string for a string setting that is not optional", () => {
    expect(parse(["--scope", ""]).scope).toBe("");
    expect(parse([]).notificationTemplate).toBe("");
  });

  it("marks only string rows with an empty default as optional", () => {
    for (const spec of [...OPTION_SPECS, ...ENV_ONLY_SPECS.map((spec) => ({ type: "string", ...spec }))]) {
      if (spec.optional === true)
        expect([spec.key, spec.type, spec.default]).toEqual([spec.key, "string", ""]);
    }
  });
});
