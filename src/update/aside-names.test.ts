import { describe, expect, it } from "vitest";
import { asideName, parseAsideName, replacementName } from "./aside-names.ts";

const ID = `0123456789ab${"c".repeat(52)}`;
const OTHER_ID = `ba9876543210${"c".repeat(52)}`;

describe("asideName / parseAsideName", () => {
  it.each([
    ["/app", true, "app-bosun-old-r-0123456789ab"],
    ["app", false, "app-bosun-old-s-0123456789ab"],
    ["/my-app-bosun-old-r-x", true, "my-app-bosun-old-r-x-bosun-old-r-0123456789ab"],
  ])("%s (running %s) becomes %s and parses back", (name, running, aside) => {
    expect(asideName(name, ID, running)).toBe(aside);
    for (const listed of [aside, `/${aside}`]) {
      expect(parseAsideName(listed, ID)).toEqual({
        original: name.replace(/^\//, ""),
        wasRunning: running,
        shortId: "0123456789ab",
      });
    }
  });

  it.each([
    ["another container's short ID", "app-bosun-old-r-0123456789ab", OTHER_ID],
    ["a user name that merely looks similar", "app-bosun-old-r-backup", ID],
    ["a wrong state letter", "app-bosun-old-x-0123456789ab", ID],
    ["a short ID of the wrong length", "app-bosun-old-r-0123456789a", ID],
    ["upper-case hex", "app-bosun-old-r-0123456789AB", `0123456789AB${"c".repeat(52)}`],
    ["no original name", "-bosun-old-r-0123456789ab", ID],
    ["a plain name", "app", ID],
    ["a replacement name", "app-bosun-new-0123456789ab", ID],
  ])("does not parse %s", (_, name, id) => {
    expect(parseAsideName(name, id)).toBeUndefined();
  });
});

describe("replacementName", () => {
  it("names the replacement after the original and the old short ID", () => {
    expect(replacementName("/app", ID)).toBe("app-bosun-new-0123456789ab");
  });
});
