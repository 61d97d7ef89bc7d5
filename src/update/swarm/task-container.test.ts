import { describe, expect, it } from "vitest";
import { isSwarmTask } from "./task-container.ts";

describe("isSwarmTask", () => {
  it.each<[Record<string, string>, boolean]>([
    [{ "com.docker.swarm.service.id": "abc", "com.docker.swarm.task": "" }, true],
    [{ "com.docker.swarm.service.id": "abc" }, true],
    [{ "com.docker.swarm.task": "" }, true],
    [{ "com.docker.compose.service": "web" }, false],
    [{ "com.docker.swarm.node.id": "n" }, false],
    [{}, false],
  ])("%j: %s", (labels, expected) => {
    expect(isSwarmTask(labels)).toBe(expected);
  });
});
