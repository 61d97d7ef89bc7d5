/**
 * @module The `image=` filter of the HTTP API: which containers a targeted run covers. An entry
 * with a tag matches that tag only; without a tag it matches every tag of the repository, as in
 * Watchtower. Names are normalised the way Docker does (`nginx` = `docker.io/library/nginx`), so
 * `host:port/repo` entries work too (decision 5).
 */
import { parseImageReference, repositoryName } from "../registry/reference.ts";

interface Wanted {
  repository: string;
  tag: string | undefined;
}

function hasTag(entry: string): boolean {
  const name = entry.split("@")[0] ?? "";
  return name.slice(name.lastIndexOf("/") + 1).includes(":");
}

function parseEntry(entry: string): Wanted | undefined {
  try {
    const ref = parseImageReference(entry);
    return { repository: repositoryName(ref), tag: hasTag(entry) ? ref.tag : undefined };
  } catch {
    return undefined;
  }
}

/** A predicate over a container's followed image reference. */
export function imageMatcher(entries: readonly string[]): (imageName: string) => boolean {
  const wanted = entries.map(parseEntry).filter((entry) => entry !== undefined);
  return (imageName) => {
    let ref;
    try {
      ref = parseImageReference(imageName);
    } catch {
      return false;
    }
    const repository = repositoryName(ref);
    return wanted.some((entry) => entry.repository === repository && (entry.tag ?? ref.tag) === ref.tag);
  };
}
