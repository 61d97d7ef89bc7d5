import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderViewStatesModule, VIEW_STATES_MODULE } from "../../scripts/view-states-module.ts";
import { VIEW_STATES as PAGE_STATES } from "../../src/api/dashboard/ui/view-states.ts";
import { VIEW_STATES } from "../../src/history/container-view.ts";

describe(VIEW_STATES_MODULE, () => {
  it("is up to date with the server's VIEW_STATES", () => {
    const file = readFileSync(new URL(`../../${VIEW_STATES_MODULE}`, import.meta.url), "utf8");
    expect(
      file === renderViewStatesModule(),
      `${VIEW_STATES_MODULE} is stale: run \`npx tsx scripts/gen-view-states.ts\``,
    ).toBe(true);
    expect(PAGE_STATES).toEqual(VIEW_STATES);
  });
});
