import { describe, expect, it } from "vitest";
import { containerInspect } from "../../../test/support/container-inspect.ts";
import { makeContainer } from "../../container/container.ts";
import type { Staleness } from "../staleness.ts";
import { checkedEvent } from "./checked-event.ts";

const inspect = containerInspect({ Image: "localhost:5000/app:1.2", Labels: {} }, {});
const container = makeContainer(inspect, undefined, "bridge");
const NEW = `sha256:${"b".repeat(64)}`;
const newer = { current: "1.2", latest: "1.3", ref: "localhost:5000/app:1.3" };

describe("checkedEvent", () => {
  it.each<[string, boolean, Staleness, Staleness | undefined, Record<string, unknown>]>([
    [
      "stale",
      false,
      { kind: "checked", stale: true, latestImageId: NEW, pulled: true },
      undefined,
      { result: "stale", latestImageId: NEW },
    ],
    [
      "fresh",
      false,
      { kind: "checked", stale: false, latestImageId: inspect.Image, pulled: false },
      undefined,
      { result: "fresh", latestImageId: inspect.Image },
    ],
    [
      "a newer tag, monitor-only: not pulled, so no image",
      true,
      { kind: "checked", stale: true, latestImageId: inspect.Image, pulled: false, tags: newer },
      undefined,
      { result: "stale", currentTag: "1.2", latestTag: "1.3", monitorOnly: true },
    ],
    [
      "a failed pull",
      false,
      { kind: "error", error: "pull failed" },
      undefined,
      { result: "skipped", reason: "pull failed" },
    ],
    [
      "a digest-pinned reference",
      false,
      { kind: "pinned", note: "pinned to a digest", skip: false },
      undefined,
      { result: "fresh", reason: "pinned to a digest" },
    ],
    [
      "a rejected new image: skipped, the image still named",
      false,
      { kind: "checked", stale: true, latestImageId: NEW, pulled: true },
      { kind: "error", error: "rolled back from it" },
      { result: "skipped", reason: "rolled back from it", latestImageId: NEW },
    ],
  ])("%s", (_title, monitorOnly, checked, screened, expected) => {
    expect(checkedEvent(container, monitorOnly, checked, screened)).toEqual({
      type: "container-checked",
      container: { id: inspect.Id, name: "/web", image: "localhost:5000/app:1.2" },
      currentImageId: inspect.Image,
      ...expected,
    });
  });
});
