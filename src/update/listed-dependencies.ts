/**
 * @module The dependency graph as far as the container list shows it, for a session that did not
 * inspect its containers: the depends-on and compose labels, `network_mode: container:<id>`, and
 * legacy links (the list names a linked container `/<parent>/<alias>` too). Links on user-defined
 * networks are only in an inspect, so a cycle made with one is found once a session inspects.
 */
import type { ContainerSummary } from "../docker/types.ts";
import { namesContainer, primaryName } from "../container/list.ts";
import type { DependencyNode } from "./dependencies.ts";

/** The nodes of the containers in `ids`, from the whole list `all` (a link's child names its parent). */
export function listedDependencyNodes(
  all: readonly ContainerSummary[],
  ids: ReadonlySet<string>,
  compose: boolean,
): DependencyNode[] {
  const links = new Map<string, string[]>();
  for (const summary of all) {
    const own = primaryName(summary);
    for (const name of summary.Names) {
      const slash = name.indexOf("/", 1);
      if (slash === -1) continue;
      const parent = name.slice(0, slash);
      const parentLinks = links.get(parent) ?? [];
      parentLinks.push(`${own}:${name}`);
      links.set(parent, parentLinks);
    }
  }
  const networkMode = (summary: ContainerSummary): string => {
    const mode = summary.HostConfig?.NetworkMode ?? "";
    if (!mode.startsWith("container:")) return mode;
    const target = mode.slice("container:".length);
    const parent = all.find((other) => namesContainer(target, other.Id, primaryName(other)));
    return parent === undefined ? mode : `container:${primaryName(parent).slice(1)}`;
  };
  return all
    .filter((summary) => ids.has(summary.Id))
    .map((summary) => {
      const name = primaryName(summary);
      return {
        id: summary.Id,
        name,
        labels: summary.Labels ?? {},
        links: links.get(name) ?? [],
        networkMode: networkMode(summary),
        compose,
      };
    });
}
