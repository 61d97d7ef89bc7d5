/**
 * @module Image references, the one grammar of the project: parsed and normalised as Docker's
 * `reference.ParseNormalizedNamed` does (`nginx` = `docker.io/library/nginx:latest`), kept with
 * the spelling the user wrote (logs, reports and pulls show it), plus image IDs and their short
 * form. It sits in `util/` so that the Docker client, the registry, containers and the update
 * engine all read references the same way.
 */
import { BosunError } from "./errors.ts";

export const DOCKER_HUB = "docker.io";

/** A malformed image reference, e.g. upper case in the repository or a bad digest. */
export class ImageReferenceError extends BosunError {}

/** Why a reference is never updated: Bosun's texts for both kinds of pin. */
export const PINNED = {
  digest: "pinned to a digest: never updated",
  imageId: "created from a bare image ID: never updated",
} as const;

/** The parts of a reference as written, split without any validation. */
export interface ReferenceParts {
  /** The repository as written: `nginx`, `docker.io/nginx`, `localhost:5000/app`. */
  name: string;
  tag: string | undefined;
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
/** What Docker refuses as a repository name: a full ID. */
const FULL_IMAGE_ID = /^(?:sha256:)?[0-9a-f]{64}$/;
/** What a container's `Config.Image` holds when it was created from an ID, full or short. */
const IMAGE_ID = /^(?:sha256:[0-9a-f]{64}|[0-9a-f]{12,64})$/;
const NAME_MAX = 255;

/**
 * Splits `name[:tag][@digest]`: the digest after the first `@`, the tag after the last `:` that
 * follows the last `/` (a registry port is not a tag).
 */
export function splitReference(text: string): ReferenceParts {
  let name = text;
  let digest: string | undefined;
  const at = name.indexOf("@");
  if (at !== -1) {
    digest = name.slice(at + 1);
    name = name.slice(0, at);
  }
  let tag: string | undefined;
  const colon = name.lastIndexOf(":");
  if (colon > name.lastIndexOf("/")) {
    tag = name.slice(colon + 1);
    name = name.slice(0, colon);
  }
  return { name, tag, digest };
}

/** True for an image ID where a reference goes: `sha256:<64 hex>`, or 12 to 64 hex digits. */
export function isImageId(text: string): boolean {
  return IMAGE_ID.test(text);
}

/** Why `text` is never updated (an image ID, or a digest), or undefined when it follows a tag. */
export function pinnedReason(text: string): string | undefined {
  if (isImageId(text)) return PINNED.imageId;
  if (splitReference(text).digest !== undefined) return PINNED.digest;
  return undefined;
}

/**
 * The key of a session's memos: the canonical reference (`nginx` and `docker.io/library/nginx:latest`
 * are one), or `text` itself when it is no reference (an image ID).
 */
export function referenceKey(text: string): string {
  return ImageReference.tryParse(text)?.canonical ?? text;
}

/** The 12 hex digits Docker shows for a container or image ID (with or without `sha256:`). */
export function shortId(id: string): string {
  return id.replace(/^sha256:/, "").slice(0, 12);
}

/** `text` with `tag` instead of its tag and digest, spelled as written (`nginx` → `nginx:1.2`). */
export function withTag(text: string, tag: string): string {
  return `${splitReference(text.trim()).name}:${tag}`;
}

/** An immutable, validated image reference. */
export class ImageReference {
  /** The repository as written (`nginx`, `docker.io/nginx`): the spelling logs and pulls keep. */
  readonly name: string;
  /** Registry host with optional port, `docker.io` for Docker Hub. */
  readonly domain: string;
  /** Repository path inside the registry, `library/nginx` for official images. */
  readonly path: string;
  /** `algorithm:hex` when the reference is pinned. */
  readonly digest: string | undefined;
  /** The tag as written; undefined when none was. */
  readonly writtenTag: string | undefined;

  private constructor(parts: {
    name: string;
    domain: string;
    path: string;
    tag: string | undefined;
    digest: string | undefined;
  }) {
    this.name = parts.name;
    this.domain = parts.domain;
    this.path = parts.path;
    this.writtenTag = parts.tag;
    this.digest = parts.digest;
  }

  /** Parses `text` as `docker pull` would; throws ImageReferenceError naming the input and what is wrong. */
  static parse(text: string): ImageReference {
    const input = text.trim();
    if (input === "") throw new ImageReferenceError("REFERENCE_EMPTY", "invalid image reference: empty");
    if (FULL_IMAGE_ID.test(input)) {
      throw new ImageReferenceError(
        "REFERENCE_IMAGE_ID",
        `invalid image reference "${input}": a bare image ID`,
      );
    }
    const { name, tag, digest } = splitReference(input);
    if (
      digest !== undefined &&
      (!DIGEST.test(digest) || (digest.startsWith("sha256:") && !SHA256.test(digest)))
    ) {
      throw new ImageReferenceError("REFERENCE_DIGEST", `invalid image reference "${input}": bad digest`);
    }
    if (tag !== undefined && !TAG.test(tag)) {
      throw new ImageReferenceError("REFERENCE_TAG", `invalid image reference "${input}": bad tag`);
    }
    const { domain, path } = splitDomain(name, input);
    if (path.length + domain.length + 1 > NAME_MAX) {
      throw new ImageReferenceError("REFERENCE_LENGTH", `invalid image reference "${input}": name too long`);
    }
    return new ImageReference({ name, domain, path, tag, digest });
  }

  /** The reference, or undefined when `text` is not one (an image ID, a malformed name). */
  static tryParse(text: string): ImageReference | undefined {
    try {
      return ImageReference.parse(text);
    } catch {
      return undefined;
    }
  }

  /** The tag: the written one, else `latest` unless a digest pins the reference. */
  get tag(): string | undefined {
    return this.writtenTag ?? (this.digest === undefined ? "latest" : undefined);
  }

  /** `domain/path`, the fully qualified repository name RepoDigests entries use. */
  get repository(): string {
    return `${this.domain}/${this.path}`;
  }

  /** `docker.io/library/nginx:latest`: one spelling per reference, the key of per-session memos. */
  get canonical(): string {
    return `${this.repository}${this.suffix(this.tag)}`;
  }

  /** Docker's short spelling: `nginx:latest` for `docker.io/library/nginx:latest`. */
  get familiar(): string {
    let repository = this.repository;
    if (this.domain === DOCKER_HUB) {
      const official = this.path.startsWith("library/") && this.path.split("/").length === 2;
      repository = official ? this.path.slice("library/".length) : this.path;
    }
    return `${repository}${this.suffix(this.tag)}`;
  }

  /** The reference as written (trimmed). */
  toString(): string {
    return `${this.name}${this.suffix(this.writtenTag)}`;
  }

  /** The same repository, spelled the same, with `tag` and no digest. */
  withTag(tag: string): ImageReference {
    if (!TAG.test(tag)) {
      throw new ImageReferenceError(
        "REFERENCE_TAG",
        `invalid image reference "${this.name}:${tag}": bad tag`,
      );
    }
    return new ImageReference({ ...this.parts(), tag, digest: undefined });
  }

  /** The same reference without its digest: its tag (written or `latest`) is followed again. */
  withoutDigest(): ImageReference {
    return new ImageReference({ ...this.parts(), digest: undefined });
  }

  /** The same image reference, however spelled (`nginx` equals `docker.io/library/nginx:latest`). */
  equals(other: ImageReference): boolean {
    return this.canonical === other.canonical;
  }

  /**
   * Whether `other` is selected by this reference as a filter entry (`--images`, `/v1/update?image=`):
   * the same repository, and the same tag when this one names a tag (otherwise every tag).
   */
  matches(other: ImageReference): boolean {
    return this.repository === other.repository && (this.writtenTag === undefined || this.tag === other.tag);
  }

  private suffix(tag: string | undefined): string {
    return `${tag === undefined ? "" : `:${tag}`}${this.digest === undefined ? "" : `@${this.digest}`}`;
  }

  private parts() {
    return {
      name: this.name,
      domain: this.domain,
      path: this.path,
      tag: this.writtenTag,
      digest: this.digest,
    };
  }
}

function splitDomain(name: string, input: string): { domain: string; path: string } {
  const slash = name.indexOf("/");
  const first = slash === -1 ? "" : name.slice(0, slash);
  const isDomain =
    slash !== -1 && (first.includes(".") || first.includes(":") || first === "localhost" || hasUpper(first));
  let domain = isDomain ? first : DOCKER_HUB;
  let path = isDomain ? name.slice(slash + 1) : name;
  if (isDomain && !DOMAIN.test(domain)) {
    throw new ImageReferenceError(
      "REFERENCE_DOMAIN",
      `invalid image reference "${input}": bad registry host`,
    );
  }
  if (domain === "index.docker.io") domain = DOCKER_HUB;
  if (domain === DOCKER_HUB && !path.includes("/")) path = `library/${path}`;
  if (path === "" || hasUpper(path)) {
    const why = path === "" ? "empty repository" : "repository name must be lowercase";
    throw new ImageReferenceError("REFERENCE_PATH", `invalid image reference "${input}": ${why}`);
  }
  for (const component of path.split("/")) {
    if (!PATH_COMPONENT.test(component)) {
      throw new ImageReferenceError(
        "REFERENCE_PATH",
        `invalid image reference "${input}": bad repository name`,
      );
    }
  }
  return { domain, path };
}

function hasUpper(text: string): boolean {
  return text !== text.toLowerCase();
}
