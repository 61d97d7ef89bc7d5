/**
 * @module Parses DOCKER_HOST into where and how to connect: a unix socket, plain TCP or TLS.
 */
import { DockerConfigError } from "./errors.ts";

export const DEFAULT_DOCKER_HOST = "unix:///var/run/docker.sock";

export type DockerEndpoint =
  | { kind: "unix"; socketPath: string; host: string }
  | { kind: "http"; origin: string; host: string }
  | { kind: "https"; origin: string; host: string };

const EXPECTED =
  "expected unix:///path/to/docker.sock, tcp://host:port, http://host:port or https://host:port";

/**
 * `tcp://` becomes HTTPS when `tlsVerify` is set, like the docker CLI with DOCKER_TLS_VERIFY;
 * `http://` and `https://` say it themselves.
 */
export function parseDockerHost(host: string | undefined, tlsVerify = false): DockerEndpoint {
  const value = host === undefined || host.trim() === "" ? DEFAULT_DOCKER_HOST : host.trim();
  const invalid = (why: string): DockerConfigError =>
    new DockerConfigError(`Invalid Docker host "${value}": ${why}; ${EXPECTED}`);

  const scheme = /^([a-z]+):\/\//i.exec(value)?.[1]?.toLowerCase();
  if (scheme === undefined) throw invalid("no scheme");
  if (scheme === "unix") {
    const socketPath = value.slice("unix://".length);
    if (!socketPath.startsWith("/")) throw invalid("the socket path must be absolute");
    return { kind: "unix", socketPath, host: value };
  }
  if (scheme !== "tcp" && scheme !== "http" && scheme !== "https") {
    throw invalid(`unsupported scheme "${scheme}"`);
  }
  let url: URL;
  try {
    url = new URL(`http://${value.slice(scheme.length + 3)}`);
  } catch (error) {
    throw new DockerConfigError(`Invalid Docker host "${value}": not a valid address; ${EXPECTED}`, {
      cause: error,
    });
  }
  if (url.hostname === "") throw invalid("no host name");
  if (url.username !== "" || url.password !== "") throw invalid("credentials are not allowed in the host");
  if (url.search !== "" || url.hash !== "" || (url.pathname !== "/" && url.pathname !== "")) {
    throw invalid("a path or query is not allowed");
  }
  if (scheme === "tcp" && url.port === "") throw invalid("tcp:// needs a port");
  const secure = scheme === "https" || (scheme === "tcp" && tlsVerify);
  const port = url.port === "" ? "" : `:${url.port}`;
  return secure
    ? { kind: "https", origin: `https://${url.hostname}${port}`, host: value }
    : { kind: "http", origin: `http://${url.hostname}${port}`, host: value };
}
