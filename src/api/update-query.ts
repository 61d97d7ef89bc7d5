/**
 * @module The query of `/v1/update`: `image=` (repeatable and comma-separated, with or without a
 * tag, `host:port/repo` allowed; empty entries dropped) and `async=true|false`. Values are checked strictly so a typo
 * gets a 400 naming the parameter instead of a run of the wrong containers.
 */
import { z } from "zod";
import { BosunError } from "../util/errors.ts";

export const MAX_IMAGES = 100;
export const MAX_IMAGE_LENGTH = 255;

/** Characters of a Docker image reference: name components, `host:port`, tag and `@sha256:` digest. */
const IMAGE_REF = /^[A-Za-z0-9][A-Za-z0-9._\-/:@]*$/;

const imageSchema = z
  .string()
  .min(1, "empty image name")
  .max(MAX_IMAGE_LENGTH, `image name longer than ${String(MAX_IMAGE_LENGTH)} characters`)
  .regex(IMAGE_REF, "invalid characters in image name");

const asyncSchema = z.enum(["true", "false"], { error: "expected true or false" });

export interface UpdateQuery {
  /** Undefined when no `image` parameter was given: update every container. */
  images: string[] | undefined;
  async: boolean;
}

export class QueryError extends BosunError {
  readonly parameter: string;
  constructor(parameter: string, reason: string) {
    super("API_QUERY", `invalid query parameter "${parameter}": ${reason}`);
    this.parameter = parameter;
  }
}

function firstIssue(error: z.ZodError): string {
  return error.issues[0]?.message ?? "invalid value";
}

/** Parses the query of an update request; throws QueryError naming the bad parameter. */
export function parseUpdateQuery(params: URLSearchParams): UpdateQuery {
  const raw = params.getAll("image");
  let images: string[] | undefined;
  if (raw.length > 0) {
    const values = raw.flatMap((value) => value.split(",")).map((value) => value.trim());
    // Watchtower matches an empty entry (`image=nginx,`) against nothing, so it is dropped; a
    // query of empty entries only is refused rather than read as "every container".
    const entries = values.filter((value) => value !== "");
    if (entries.length === 0) throw new QueryError("image", "empty image name");
    if (entries.length > MAX_IMAGES) throw new QueryError("image", `more than ${String(MAX_IMAGES)} images`);
    images = [];
    for (const value of entries) {
      const parsed = imageSchema.safeParse(value);
      if (!parsed.success) throw new QueryError("image", firstIssue(parsed.error));
      if (!images.includes(parsed.data)) images.push(parsed.data);
    }
  }
  const asyncValues = params.getAll("async");
  if (asyncValues.length > 1) throw new QueryError("async", "given more than once");
  let isAsync = false;
  if (asyncValues[0] !== undefined) {
    const parsed = asyncSchema.safeParse(asyncValues[0].toLowerCase());
    if (!parsed.success) throw new QueryError("async", firstIssue(parsed.error));
    isAsync = parsed.data === "true";
  }
  return { images, async: isAsync };
}
