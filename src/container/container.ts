/**
 * @module A managed container: its inspect, its image's inspect and what Bosun derives from them;
 * `CheckSubject` is the part of it a check reads.
 */
import type { ContainerInspect, ImageInspect } from "../docker/types.ts";
import { isImageId, splitReference } from "../util/image-reference.ts";
import { LABELS } from "./labels.ts";

/** What a check reads of a container: known from the container list and its image's inspect. */
export interface CheckSubject {
  id: string;
  /** With the leading slash. */
  name: string;
  /** The reference followed, with `:latest` added when it has no tag. */
  imageName: string;
  labels: Record<string, string>;
  /** The ID of the image it runs. */
  imageId: string;
  /** Undefined when the image could not be inspected (the container cannot be re-created). */
  image: ImageInspect | undefined;
  /**
   * True when the container list named the container by `imageName`: the engine does so only while
   * that reference names the container's own image, so a check that pulls nothing needs no
   * inspect of the reference's image.
   */
  listedByReference?: boolean;
}

export interface Container extends CheckSubject {
  inspect: ContainerInspect;
  /** `container:<name>` when it shares another container's network namespace (name resolved). */
  networkMode: string;
}

export function makeContainer(
  inspect: ContainerInspect,
  image: ImageInspect | undefined,
  networkMode: string,
): Container {
  const labels = inspect.Config.Labels ?? {};
  return {
    id: inspect.Id,
    name: inspect.Name,
    inspect,
    image,
    imageName: followedImage(inspect.Config.Image ?? inspect.Image, labels),
    labels,
    imageId: inspect.Image,
    networkMode,
  };
}

export function isRunning(container: Container): boolean {
  return container.inspect.State.Running || container.inspect.State.Restarting;
}

/** A Bosun/Watchtower instance: the label value must be exactly "true". */
export function isInstance(labels: Record<string, string>): boolean {
  return labels[LABELS.instance] === "true";
}

/**
 * The reference a container follows: `Config.Image` (or the Zodiac label), spelled as written,
 * with `:latest` added when it names neither a tag nor a digest (nor is an image ID).
 */
export function followedImage(configImage: string, labels: Record<string, string>): string {
  const ref = labels[LABELS.zodiacImage] ?? configImage;
  const { tag, digest } = splitReference(ref);
  return tag !== undefined || digest !== undefined || isImageId(ref) ? ref : `${ref}:latest`;
}
