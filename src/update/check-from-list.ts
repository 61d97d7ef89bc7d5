/**
 * @module A session's checks from the container list, for large hosts where nearly every session
 * finds nothing new: the checks read the list's reference, labels and image ID and one inspect per
 * image, and when every container is fresh the session ends without inspecting any container.
 * Anything else sends the session the whole way (every container inspected, checked again from the
 * session's memo, planned): a stale or skipped container, a container the list names by image ID
 * (its tag now names another image, so the list does not tell its reference), a dependency cycle.
 */
import type { CheckSubject } from "../container/container.ts";
import { listedSubjects, type ListedContainer, type ListOptions } from "../container/list.ts";
import type { ContainerSummary, DockerClient } from "../docker/types.ts";
import { isImageId } from "../util/image-reference.ts";
import { sortByDependencies } from "./dependencies.ts";
import { listedDependencyNodes } from "./listed-dependencies.ts";
import type { Checked } from "./plan.ts";
import type { Staleness } from "./staleness.ts";

export interface ListCheckInput {
  docker: DockerClient;
  /** The session's list of every container (`all: true`). */
  all: readonly ContainerSummary[];
  options: Pick<ListOptions, "concurrency" | "signal"> & {
    useComposeDependsOn: boolean;
  };
  /** The containers of the session's states it manages (not a Bosun temporary, nor a Swarm task). */
  listed: readonly ListedContainer[];
  /** Passes the filter (`matches`) and the session's image list. */
  matches: (container: ListedContainer) => boolean;
  selected: (container: ListedContainer) => boolean;
  checkAll: (
    subjects: readonly CheckSubject[],
    settled: (result: Checked<CheckSubject>) => void,
  ) => Promise<Checked<CheckSubject>[]>;
  /** A check that is final whichever way the session goes (a fresh one). */
  announce: (result: Checked<CheckSubject>) => void;
  /** Called when a check needs the whole way (maybe more than once): the inspects can start at once. */
  needsInspects: () => void;
}

/** Fresh: no swap and nothing to report but the check (a digest-pinned reference included). */
export function isFresh(staleness: Staleness): boolean {
  return (
    (staleness.kind === "checked" && !staleness.stale) || (staleness.kind === "pinned" && !staleness.skip)
  );
}

/** The session's checks when all are fresh; undefined when the session must inspect. */
export async function checkFromList(input: ListCheckInput): Promise<Checked<CheckSubject>[] | undefined> {
  const { listed } = input;
  if (listed.some((container) => input.matches(container) && isImageId(container.imageName))) {
    input.needsInspects();
    return undefined;
  }
  const chosen = listed.filter(input.selected);
  const subjects = await listedSubjects(input.docker, chosen, input.options);
  const results = await input.checkAll(subjects, (result) => {
    if (isFresh(result.staleness)) input.announce(result);
    else input.needsInspects();
  });
  if (!results.every((result) => isFresh(result.staleness))) return undefined;
  const ids = new Set(chosen.map((container) => container.id));
  const nodes = listedDependencyNodes(input.all, ids, input.options.useComposeDependsOn);
  return sortByDependencies(nodes).cyclic.length === 0 ? results : undefined;
}
