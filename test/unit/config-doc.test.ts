import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderConfigDoc } from "../../scripts/config-doc.ts";
import { ENV_ONLY_SPECS, OPTION_SPECS } from "../../src/config/options-table.ts";

describe("docs/configuration.md", () => {
  it("is up to date with the options table", () => {
    const file = readFileSync(new URL("../../docs/configuration.md", import.meta.url), "utf8");
    expect(
      file === renderConfigDoc(),
      "docs/configuration.md is stale: run `npx tsx scripts/gen-config-doc.ts`",
    ).toBe(true);
  });

  it("has a row for every flag and env-only setting", () => {
    const doc = renderConfigDoc();
    for (const spec of OPTION_SPECS) expect(doc).toMatch(new RegExp(`^\\| \`--${spec.long}[ \`]`, "m"));
    for (const spec of ENV_ONLY_SPECS) expect(doc).toMatch(new RegExp(`^\\| \`${spec.env}\`[ |]`, "m"));
    for (const section of ["Precedence", "Booleans", "Durations", "Lists", "Secrets from files", "Aliases"]) {
      expect(doc).toContain(`## ${section}`);
    }
  });
});
