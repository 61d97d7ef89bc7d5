/**
 * @module Which engine serves the Docker API: Docker itself, or Podman's compatibility service
 * (`podman system service`), told apart by the `Libpod-Api-Version` header Podman puts on every
 * answer (its `/_ping` included). The client uses it to bring Podman's answers to Docker's shape.
 */
import type { Dispatcher } from "undici";

export type EngineFlavour = "docker" | "podman";

export function engineFlavour(headers: Dispatcher.ResponseData["headers"]): EngineFlavour {
  const libpod = headers["libpod-api-version"];
  return libpod === undefined || libpod === "" ? "docker" : "podman";
}
