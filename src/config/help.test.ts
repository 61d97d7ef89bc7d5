import { describe, expect, it } from "vitest";
import { helpText } from "./help.ts";
import { ENV_ONLY_SPECS, OPTION_SPECS } from "./options-table.ts";

describe("helpText", () => {
  const text = helpText();

  it.each(OPTION_SPECS.map((spec) => [spec.long, spec] as const))(
    "mentions --%s with its env var",
    (long, spec) => {
      const line = text
        .split("\n")
        .findIndex((candidate) => new RegExp(`^\\s+(-\\w, )?--${long}( |$)`).test(candidate));
      expect(line).toBeGreaterThan(-1);
      if (spec.short !== undefined) expect(text).toContain(`-${spec.short}, --${long}`);
      if (spec.env !== undefined) expect(text.split("\n")[line + 1]).toContain(`env ${spec.env}`);
    },
  );

  it("shows defaults", () => {
    expect(text).toContain("default 86400");
    expect(text).toContain("default 10s");
    expect(text).toContain("default unix:///var/run/docker.sock");
  });

  it("lists the env-only settings, --help and --version", () => {
    for (const spec of ENV_ONLY_SPECS) expect(text).toContain(spec.env);
    expect(text).toContain("-h, --help");
    expect(text).toContain("--version");
  });
});
