import { describe, expect, it } from "vitest";
import { buildFilter, type FilterOptions } from "../../container/filter.ts";
import type { SwarmService } from "../../docker/types.ts";
import { selectServices, type SelectOptions } from "./service-select.ts";

const ENABLE = "com.centurylinklabs.watchtower.enable";
const SCOPE = "com.centurylinklabs.watchtower.scope";
const MONITOR = "com.centurylinklabs.watchtower.monitor-only";
const D1 = `sha256:${"b".repeat(64)}`;

function service(
  name: string,
  labels: Record<string, string> = {},
  image = `localhost:5000/${name}:latest@${D1}`,
) {
  return {
    ID: `id-${name}`,
    Version: { Index: 1 },
    Spec: { Name: name, Labels: labels, TaskTemplate: { ContainerSpec: { Image: image } } },
  } satisfies SwarmService;
}

const NONE: FilterOptions = { names: [], disableContainers: [], labelEnable: false, scope: undefined };

function selected(
  services: SwarmService[],
  filter: Partial<FilterOptions> = {},
  options: Partial<Omit<SelectOptions, "filter">> = {},
) {
  return selectServices(services, {
    filter: buildFilter({ ...NONE, ...filter }),
    monitorOnly: false,
    labelTakePrecedence: false,
    ...options,
  }).map((entry) => `${entry.service.Spec.Name}${entry.monitorOnly ? " (monitor-only)" : ""}`);
}

describe("selectServices", () => {
  const web = service("web");
  const off = service("off", { [ENABLE]: "false" });
  const on = service("on", { [ENABLE]: "true" });
  const scoped = service("scoped", { [SCOPE]: "prod" });
  const watched = service("watched", { [MONITOR]: "true" });
  const all = [web, off, on, scoped, watched];

  it.each<[string, Partial<FilterOptions>, string[]]>([
    ["every service but the disabled one", {}, ["web", "on", "scoped", "watched (monitor-only)"]],
    ["--label-enable: only enabled ones", { labelEnable: true }, ["on"]],
    ["--scope prod", { scope: "prod" }, ["scoped"]],
    ["--scope none: unscoped ones", { scope: "none" }, ["web", "on", "watched (monitor-only)"]],
    ["positional names", { names: ["web", "scoped"] }, ["web", "scoped"]],
    ["a regex name", { names: ["w.*"] }, ["web", "watched (monitor-only)"]],
    ["a positional name never overrides enable=false", { names: ["off"] }, []],
    ["--disable-containers", { disableContainers: ["web"] }, ["on", "scoped", "watched (monitor-only)"]],
  ])("%s", (_, filter, expected) => {
    expect(selected(all, filter)).toEqual(expected);
  });

  it("monitor-only: the flag for all, the label for one, the label alone with --label-take-precedence", () => {
    const quiet = service("quiet", { [MONITOR]: "false" });
    expect(selected([web, quiet], {}, { monitorOnly: true })).toEqual([
      "web (monitor-only)",
      "quiet (monitor-only)",
    ]);
    expect(selected([web, quiet], {}, { monitorOnly: true, labelTakePrecedence: true })).toEqual([
      "web (monitor-only)",
      "quiet",
    ]);
  });

  it("a targeted run takes the services following one of its images", () => {
    const other = service("other", {}, `localhost:5000/app:2@${D1}`);
    expect(selected([web, other], {}, { images: ["localhost:5000/app"] })).toEqual(["other"]);
    expect(selected([web, other], {}, { images: ["localhost:5000/app:1"] })).toEqual([]);
    expect(selected([web, other], {}, { images: [] })).toEqual(["web", "other"]);
  });

  it("leaves out a plugin service: it has no container image", () => {
    const plugin = {
      ...web,
      Spec: { Name: "plugin", TaskTemplate: { PluginSpec: {} } },
    } satisfies SwarmService;
    expect(selected([plugin, web])).toEqual(["web"]);
  });
});
