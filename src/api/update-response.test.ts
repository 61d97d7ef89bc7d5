import { describe, expect, it } from "vitest";
import { buildReport } from "../update/report.ts";
import type { ContainerReport } from "../update/report-types.ts";
import { updateResponse } from "./update-response.ts";

const entry: ContainerReport = {
  id: "a".repeat(64),
  name: "/app",
  imageName: "localhost:5000/app:1.2.3",
  currentImageId: `sha256:${"1".repeat(64)}`,
  latestImageId: `sha256:${"1".repeat(64)}`,
  state: "Stale",
};

describe("updateResponse", () => {
  it("names the current and the newer tag of a container", () => {
    const report = buildReport([{ ...entry, currentTag: "1.2.3", latestTag: "1.3.0" }], 0, 5);
    expect(updateResponse(report).containers[0]).toMatchObject({
      name: "app",
      state: "Stale",
      currentTag: "1.2.3",
      latestTag: "1.3.0",
    });
  });

  it("marks a Swarm service with its kind; a container has none", () => {
    const service: ContainerReport = { ...entry, id: "x1svc", name: "web", kind: "service" };
    const [first, second] = updateResponse(buildReport([entry, service], 0, 5)).containers;
    expect(first).not.toHaveProperty("kind");
    expect(second).toMatchObject({ id: "x1svc", name: "web", kind: "service" });
  });

  it("carries a rollback: state Failed, the reason, rolledBack", () => {
    const reason = "rolled back: exited with code 3 after 2 s";
    const report = buildReport([{ ...entry, state: "Failed", error: reason, rolledBack: true }], 0, 5);
    expect(updateResponse(report).containers[0]).toMatchObject({
      state: "Failed",
      error: reason,
      rolledBack: true,
    });
    expect(updateResponse(buildReport([entry], 0, 5)).containers[0]).not.toHaveProperty("rolledBack");
  });

  it("leaves the tags out for a reference without one", () => {
    const report = buildReport(
      [{ ...entry, imageName: `localhost:5000/app@sha256:${"2".repeat(64)}` }],
      0,
      5,
    );
    const [container] = updateResponse(report).containers;
    expect(container).not.toHaveProperty("currentTag");
    expect(container).not.toHaveProperty("latestTag");
  });
});
