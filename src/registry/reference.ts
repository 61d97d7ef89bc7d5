/**
 * @module Image references parsed and normalised as Docker's `reference.ParseNormalizedNamed`
 * does, plus the Docker Hub quirks (API host, credential keys).
 */
import { ReferenceError } from "./errors.ts";

export const DOCKER_HUB = "docker.io";
export const DOCKER_HUB_API_HOST = "registry-1.docker.io";
export const DOCKER_HUB_LEGACY_KEY = "https://index.docker.io/v1/";

export interface ImageReference {
  /** Registry host with optional port, `docker.io` for Docker Hub. */
  domain: string;
  /** Repository path inside the registry, `library/nginx` for official images. */
  path: string;
  /** The tag; `latest` when neither tag nor digest was given. */
  tag: string | undefined;
  /** `algorithm:hex` when the reference is pinned. */
  digest: string | undefined;
}

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const DOMAIN = new RegExp(
  `^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:.]+\\])(?::[0-9]+)?$`,
);
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;
const SHA256 = /^sha256:[0-9a-f]{64}$/;
const IMAGE_ID = /^(?:sha256:)?[0-9a-f]{64}$/;
const NAME_MAX = 255;

/** True for a bare image ID (`sha256:<64 hex>` or 64 hex): never a repository name. */
export function isImageId(ref: string): boolean {
  return IMAGE_ID.test(ref);
}

/** Parses `ref` as `docker pull` would; throws ReferenceError with a clear message when malformed. */
export function parseImageReference(ref: string): ImageReference {
  const input = ref.trim();
  if (input === "") throw new ReferenceError("REFERENCE_EMPTY", "invalid image reference: empty");
  if (isImageId(input)) {
    throw new ReferenceError("REFERENCE_IMAGE_ID", `invalid image reference "${input}": a bare image ID`);
  }
  let rest = input;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest) || (digest.startsWith("sha256:") && !SHA256.test(digest))) {
      throw new ReferenceError("REFERENCE_DIGEST", `invalid image reference "${input}": bad digest`);
    }
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag))
      throw new ReferenceError("REFERENCE_TAG", `invalid image reference "${input}": bad tag`);
  }
  const { domain, path } = splitDomain(rest, input);
  if (path.length + domain.length + 1 > NAME_MAX) {
    throw new ReferenceError("REFERENCE_LENGTH", `invalid image reference "${input}": name too long`);
  }
  return { domain, path, tag: tag ?? (digest === undefined ? "latest" : undefined), digest };
}

function splitDomain(name: string, input: string): { domain: string; path: string } {
  const slash = name.indexOf("/");
  const first = slash === -1 ? "" : name.slice(0, slash);
  const isDomain =
    slash !== -1 && (first.includes(".") || first.includes(":") || first === "localhost" || hasUpper(first));
  let domain = isDomain ? first : DOCKER_HUB;
  let path = isDomain ? name.slice(slash + 1) : name;
  if (isDomain && !DOMAIN.test(domain)) {
    throw new ReferenceError("REFERENCE_DOMAIN", `invalid image reference "${input}": bad registry host`);
  }
  if (domain === "index.docker.io") domain = DOCKER_HUB;
  if (domain === DOCKER_HUB && !path.includes("/")) path = `library/${path}`;
  if (path === "" || hasUpper(path)) {
    const why = path === "" ? "empty repository" : "repository name must be lowercase";
    throw new ReferenceError("REFERENCE_PATH", `invalid image reference "${input}": ${why}`);
  }
  for (const component of path.split("/")) {
    if (!PATH_COMPONENT.test(component)) {
      throw new ReferenceError("REFERENCE_PATH", `invalid image reference "${input}": bad repository name`);
    }
  }
  return { domain, path };
}

function hasUpper(text: string): boolean {
  return text !== text.toLowerCase();
}

/** `domain/path`, the repository name RepoDigests entries use (fully qualified). */
export function repositoryName(ref: ImageReference): string {
  return `${ref.domain}/${ref.path}`;
}

/** The canonical string, e.g. `docker.io/library/nginx:latest`; the key of per-session dedup. */
export function canonicalReference(ref: ImageReference): string {
  const tag = ref.tag === undefined ? "" : `:${ref.tag}`;
  const digest = ref.digest === undefined ? "" : `@${ref.digest}`;
  return `${repositoryName(ref)}${tag}${digest}`;
}

/** The host serving the v2 API: Docker Hub's is `registry-1.docker.io`. */
export function apiHost(domain: string): string {
  return domain === DOCKER_HUB ? DOCKER_HUB_API_HOST : domain;
}

/** The hostname part of `host[:port]` or `[v6]:port`, lowercased, without brackets. */
export function hostname(host: string): string {
  if (host.startsWith("[")) return host.slice(1, host.indexOf("]")).toLowerCase();
  const colon = host.lastIndexOf(":");
  return (colon === -1 ? host : host.slice(0, colon)).toLowerCase();
}

/** localhost, 127.0.0.0/8 and ::1: registries Docker allows over plain HTTP. */
export function isLoopbackHost(host: string): boolean {
  const name = hostname(host);
  return name === "localhost" || name === "::1" || /^127(?:\.\d{1,3}){3}$/.test(name);
}
