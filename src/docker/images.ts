/**
 * @module Image calls: inspect, pull (with its NDJSON progress stream), tag and remove.
 */
import type { DockerClient, PullProgress } from "./types.ts";
import { DockerApiError } from "./errors.ts";
import { splitReference } from "../util/image-reference.ts";
import { ImageInspectSchema, ImageListSchema, PullProgressSchema } from "./schemas.ts";
import { parseNdjson } from "./streams.ts";
import { imageSegment } from "./transport.ts";
import type { Transport } from "./transport.ts";

type ImageMethods = Pick<DockerClient, "inspectImage" | "listImages" | "pullImage" | "removeImage">;

/**
 * The error a pull reports inside its 200 stream (`{"error": "...", "errorDetail": {...}}`), or
 * undefined for a progress line.
 */
export function pullStreamError(progress: PullProgress): string | undefined {
  const message = progress.errorDetail?.message ?? progress.error;
  if (message === undefined) return undefined;
  return message === "" ? "pull failed" : message;
}

export function imageMethods(transport: Transport): ImageMethods {
  return {
    inspectImage(ref, options) {
      return transport.json(
        {
          method: "GET",
          path: `/images/${imageSegment(ref)}/json`,
          signal: options?.signal,
          timeoutMs: options?.timeoutMs,
        },
        ImageInspectSchema,
      );
    },

    listImages: (options) =>
      transport.json(
        { method: "GET", path: "/images/json", signal: options?.signal, timeoutMs: options?.timeoutMs },
        ImageListSchema,
      ),

    async pullImage(ref, pull, options) {
      // An empty tag would pull every tag of the repository; a digest wins over a tag.
      const { name, tag, digest } = splitReference(ref);
      const path = "/images/create";
      const response = await transport.call({
        method: "POST",
        path,
        query: { fromImage: name, tag: digest ?? tag ?? "latest" },
        // The caller's base64url auth JSON; headers are never logged.
        ...(pull?.registryAuth === undefined ? {} : { headers: { "X-Registry-Auth": pull.registryAuth } }),
        signal: options?.signal,
        // A pull may take minutes; only the caller bounds it.
        timeoutMs: options?.timeoutMs ?? null,
      });
      try {
        for await (const line of parseNdjson(response.body as AsyncIterable<Buffer>)) {
          const parsed = PullProgressSchema.safeParse(line);
          if (!parsed.success) continue;
          const progress = parsed.data;
          const error = pullStreamError(progress);
          if (error !== undefined) {
            throw new DockerApiError(response.status, "POST", `${path}?fromImage=${ref}`, error, {
              code: "DOCKER_PULL",
            });
          }
          pull?.onProgress?.(progress);
        }
      } catch (error) {
        response.body.destroy();
        throw response.mapError(error);
      }
    },

    removeImage: (ref, remove, options) =>
      transport.empty({
        method: "DELETE",
        path: `/images/${imageSegment(ref)}`,
        query: {
          force: remove?.force === true ? "true" : undefined,
          noprune: remove?.noPrune === true ? "true" : undefined,
        },
        signal: options?.signal,
        timeoutMs: options?.timeoutMs,
      }),
  };
}
