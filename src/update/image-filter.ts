/**
 * @module The `image=` filter of the HTTP API: which containers a targeted run covers. An entry
 * with a tag matches that tag only; without a tag it matches every tag of the repository, as in
 * Watchtower. Names are normalised the way Docker does (`nginx` = `docker.io/library/nginx`), so
 * `host:port/repo` entries work too (decision 5). An entry that is no reference matches nothing.
 */
import { ImageReference } from "../util/image-reference.ts";

/** A predicate over a container's followed image reference. */
export function imageMatcher(entries: readonly string[]): (imageName: string) => boolean {
  const wanted = entries
    .map((entry) => ImageReference.tryParse(entry))
    .filter((entry) => entry !== undefined);
  return (imageName) => {
    const ref = ImageReference.tryParse(imageName);
    return ref !== undefined && wanted.some((entry) => entry.matches(ref));
  };
}
