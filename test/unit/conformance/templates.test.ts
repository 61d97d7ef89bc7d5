/**
 * Template conformance with Watchtower: every case of test/conformance/template-cases.json (the
 * templates in Watchtower's docs and built-ins, each citing its source, plus the differences a
 * differential run against Go found) renders in Bosun exactly as real Go 1.19 rendered it with
 * Watchtower's functions (golden/templates.json, from scripts/go-conformance.sh templates); a
 * case Go refuses must fail in Bosun too.
 */
import { describe, expect, it } from "vitest";
import { compileTemplate } from "../../../src/notify/template/template.ts";
import { CaseFile, fixtureData, GoldenFile, readJson } from "../../support/template-fixtures.ts";

const dir = new URL("../../conformance/", import.meta.url);
const file = readJson(CaseFile, new URL("template-cases.json", dir));
const golden = readJson(GoldenFile, new URL("golden/templates.json", dir));

function render(template: string, data: unknown): { output: string } | { error: string } {
  try {
    return { output: compileTemplate(template).execute(data) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

describe("template conformance: Bosun renders as Go renders", () => {
  it.each(file.cases.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    const want = golden[c.id];
    expect(want, `golden entry for ${c.id}`).toBeDefined();
    const got = render(c.template, fixtureData(file, c.fixture));
    if (want?.error !== undefined)
      expect(got, `${c.source ?? ""}: Go failed with ${want.error}`).toHaveProperty("error");
    else expect(got, c.source).toEqual({ output: want?.output });
  });
});
