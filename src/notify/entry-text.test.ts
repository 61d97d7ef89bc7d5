import { describe, expect, it } from "vitest";
import { entryText } from "./entry-text.ts";

describe("entryText", () => {
  it.each([
    [
      "Found new image",
      { container: "/web", image: "nginx:latest", id: "abc123def456" },
      "Found new nginx:latest image (abc123def456)",
    ],
    [
      "Stopping container",
      { container: "/web", id: "0123456789ab", signal: "SIGHUP" },
      "Stopping /web (0123456789ab) with SIGHUP",
    ],
    [
      "Found newer tag",
      { container: "/web", image: "nginx:1.25.3", currentTag: "1.25.3", latestTag: "1.26.0" },
      "Found newer tag 1.26.0 for nginx:1.25.3 (/web)",
    ],
    ["Found newer tag", { container: "/web" }, "Found newer tag: container=/web"],
    ["Creating container", { container: "/web" }, "Creating /web"],
    ["Removing image", { image: "abc123def456" }, "Removing image abc123def456"],
    ["Session done", {}, "Session done"],
    [
      "Unable to update container",
      { container: "/web", err: "pull of web:latest failed: manifest unknown" },
      'Unable to update container "/web": pull of web:latest failed: manifest unknown. Proceeding to next.',
    ],
    [
      "Unable to update container, restored the old one",
      { container: "/db", err: "start failed" },
      "Unable to update container, restored the old one: container=/db, err=start failed",
    ],
    ["Found new image", { container: "/web" }, "Found new image: container=/web"],
    ["Something", { count: 3, ok: true, list: ["a"] }, 'Something: count=3, ok=true, list=["a"]'],
  ])("%s %j → %s", (message, fields, expected) => {
    expect(entryText(message, fields)).toBe(expected);
  });
});
