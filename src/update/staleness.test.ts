import pino from "pino";
import { describe, expect, it } from "vitest";
import type { CheckSubject } from "../container/container.ts";
import type { DockerClient, ImageInspect } from "../docker/types.ts";
import { checkStaleness, type StalenessDeps } from "./staleness.ts";

const OWN = `sha256:${"1".repeat(64)}`;
const NEW = `sha256:${"2".repeat(64)}`;
const image = (id: string) => ({ Id: id, RepoDigests: [] }) as unknown as ImageInspect;

function subject(listedByReference: boolean | undefined): CheckSubject {
  return {
    id: "c".repeat(64),
    name: "/web",
    imageName: "registry.local/web:1",
    labels: {},
    imageId: OWN,
    image: image(OWN),
    ...(listedByReference !== undefined && { listedByReference }),
  };
}

describe("checkStaleness: the image a reference names", () => {
  it.each<[string, boolean | undefined, boolean, boolean, boolean]>([
    // name, listed by reference, pulled, no-pull, inspects the reference's image
    ["listed by reference, nothing pulled", true, false, false, false],
    ["listed by reference, no-pull", true, false, true, false],
    ["listed by reference, pulled", true, true, false, true],
    ["inspected container, nothing pulled", undefined, false, false, true],
    ["listed by image ID", false, false, false, true],
  ])("%s", async (_, listedByReference, pulled, noPull, inspects) => {
    const asked: string[] = [];
    const latestImage = (ref: string) => {
      asked.push(ref);
      return Promise.resolve(image(pulled ? NEW : OWN));
    };
    const deps: StalenessDeps = {
      docker: { inspectImage: latestImage } as unknown as DockerClient,
      log: pino({ level: "silent" }),
      events: { emit: () => undefined },
      latestImage,
    };
    const result = await checkStaleness(deps, subject(listedByReference), noPull, () =>
      Promise.resolve(pulled),
    );
    expect(asked).toEqual(inspects ? ["registry.local/web:1"] : []);
    expect(result).toEqual({ kind: "checked", stale: pulled, latestImageId: pulled ? NEW : OWN, pulled });
  });
});
