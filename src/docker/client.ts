/**
 * @module createDockerClient: connects to DOCKER_HOST (unix socket, TCP or mutual TLS),
 * negotiates the Engine API version with `GET /_ping`, and assembles the DockerClient.
 */
import type { Logger } from "pino";
import type { Dispatcher } from "undici";
import type { DockerClient, SystemInfo } from "./types.ts";
import { containerMethods } from "./containers.ts";
import { createDispatcher, endpointOrigin } from "./dispatcher.ts";
import { DockerConfigError } from "./errors.ts";
import { execMethods } from "./exec.ts";
import { parseDockerHost } from "./host.ts";
import { imageMethods } from "./images.ts";
import { networkMethods } from "./networks.ts";
import { InfoSchema } from "./schemas.ts";
import { serviceMethods } from "./services.ts";
import { Transport } from "./transport.ts";
import type { CallSpec } from "./transport.ts";
import { isApiVersion, MIN_API_VERSION, negotiateApiVersion } from "./version.ts";

/** Default per-call timeout; long operations (pull, wait, events, exec) set their own. */
export const DEFAULT_TIMEOUT_MS = 30_000;

export interface DockerClientOptions {
  /** DOCKER_HOST; defaults to unix:///var/run/docker.sock. */
  host?: string | undefined;
  /** DOCKER_TLS_VERIFY: `tcp://` hosts use HTTPS with the certificates of `certPath`. */
  tlsVerify?: boolean | undefined;
  /** DOCKER_CERT_PATH: directory holding ca.pem, cert.pem and key.pem. */
  certPath?: string | undefined;
  /** Forces an API version (e.g. "1.40") and skips negotiation. */
  apiVersion?: string | undefined;
  /** Default per-call timeout in milliseconds. */
  timeoutMs?: number | undefined;
  logger?: Logger | undefined;
  /** Replaces the dispatcher built from `host` (tests). */
  dispatcher?: Dispatcher | undefined;
  /** Aborts the connect-time negotiation. */
  signal?: AbortSignal | undefined;
}

export async function createDockerClient(options: DockerClientOptions = {}): Promise<DockerClient> {
  const endpoint = parseDockerHost(options.host, options.tlsVerify === true);
  if (options.apiVersion !== undefined && !isApiVersion(options.apiVersion)) {
    throw new DockerConfigError(`Invalid Docker API version "${options.apiVersion}": expected e.g. 1.41`);
  }
  const dispatcher =
    options.dispatcher ??
    (await createDispatcher(endpoint, { certPath: options.certPath, tlsVerify: options.tlsVerify }));
  const transport = new Transport({
    dispatcher,
    origin: endpointOrigin(endpoint),
    host: endpoint.host,
    apiVersion: options.apiVersion ?? MIN_API_VERSION,
    defaultTimeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    tls: endpoint.kind === "https",
    logger: options.logger,
  });

  const ping = async (spec: Partial<CallSpec>): Promise<string | undefined> => {
    const response = await transport.call({ method: "GET", path: "/_ping", unversioned: true, ...spec });
    await response.body.dump();
    const header = response.headers["api-version"];
    return Array.isArray(header) ? header[0] : header;
  };

  if (options.apiVersion === undefined) {
    try {
      const daemonVersion = await ping({ signal: options.signal });
      transport.apiVersion = negotiateApiVersion(daemonVersion);
      options.logger?.debug(
        { daemonVersion, apiVersion: transport.apiVersion, engine: transport.engine },
        "Negotiated Docker API version",
      );
    } catch (error) {
      await dispatcher.close();
      throw error;
    }
  }

  return {
    get apiVersion() {
      return transport.apiVersion;
    },
    get engine() {
      return transport.engine;
    },
    async info(callOptions): Promise<SystemInfo> {
      return await transport.json(
        { method: "GET", path: "/info", signal: callOptions?.signal, timeoutMs: callOptions?.timeoutMs },
        InfoSchema,
      );
    },
    ...containerMethods(transport),
    ...execMethods(transport),
    ...imageMethods(transport),
    ...networkMethods(transport),
    ...serviceMethods(transport),
    close: () => transport.close(),
  };
}
