import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { NOTICE_CODES } from "../../src/update/events/notice-codes.ts";

describe("notice codes", () => {
  it("are unique and kebab-case", () => {
    expect(new Set(NOTICE_CODES).size).toBe(NOTICE_CODES.length);
    for (const code of NOTICE_CODES) expect(code).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  it("each have a row in docs/architecture.md's notice table, and the table no other", () => {
    const doc = readFileSync(new URL("../../docs/architecture.md", import.meta.url), "utf8");
    const table = doc.slice(doc.indexOf("| Notice code |"));
    const rows = table.slice(0, table.indexOf("\n\n")).split("\n").slice(2);
    const documented = rows.flatMap((row) => [...(row.split("|")[1] ?? "").matchAll(/`([a-z-]+)`/g)]);
    expect(documented.map((match) => match[1]).sort()).toEqual([...NOTICE_CODES].sort());
  });
});
