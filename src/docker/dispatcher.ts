/**
 * @module Builds the undici Dispatcher for a Docker endpoint: a unix-socket Agent, a plain Agent,
 * or an Agent presenting the client certificate of DOCKER_CERT_PATH for mutual TLS.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Agent } from "../util/undici.ts";
import type { Dispatcher } from "undici";
import { DockerConfigError } from "./errors.ts";
import type { DockerEndpoint } from "./host.ts";

/** The URL origin requests are addressed to; for a unix socket the host part is only a label. */
export function endpointOrigin(endpoint: DockerEndpoint): string {
  return endpoint.kind === "unix" ? "http://localhost" : endpoint.origin;
}

export async function createDispatcher(
  endpoint: DockerEndpoint,
  tls: { certPath?: string | undefined; tlsVerify?: boolean | undefined } = {},
): Promise<Dispatcher> {
  if (endpoint.kind === "unix") return new Agent({ connect: { socketPath: endpoint.socketPath } });
  if (endpoint.kind === "http") return new Agent();
  if (tls.certPath === undefined) {
    // No client certificate: system CAs, as the docker CLI does for a bare https:// host.
    return new Agent({ connect: { rejectUnauthorized: true } });
  }
  const [ca, cert, key] = await Promise.all(
    ["ca.pem", "cert.pem", "key.pem"].map((file) => readCertFile(tls.certPath ?? "", file)),
  );
  return new Agent({ connect: { ca, cert, key, rejectUnauthorized: true } });
}

async function readCertFile(dir: string, file: string): Promise<string> {
  const path = join(dir, file);
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new DockerConfigError(
      `Cannot read ${path} for TLS to the Docker daemon: check DOCKER_CERT_PATH (it needs ca.pem, cert.pem and key.pem)`,
      { cause: error },
    );
  }
}
