/**
 * @module The engine's event stream for benchmarks and tests, read with `docker events` (Bosun's
 * own client does not subscribe to events): one JSON line per event, checked with zod, until the
 * caller's signal aborts.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { z } from "zod";

export const EngineEventSchema = z.looseObject({
  Type: z.string(),
  Action: z.string(),
  Actor: z.looseObject({
    ID: z.string(),
    Attributes: z
      .record(z.string(), z.string())
      .nullable()
      .optional()
      .transform((attributes) => attributes ?? {}),
  }),
  time: z.number(),
  timeNano: z.number(),
});
export type EngineEvent = z.infer<typeof EngineEventSchema>;

/**
 * Streams the events matching `filters` (e.g. `{ type: ["container"], event: ["die"] }`) of the
 * daemon at `dockerHost`, from `since` (Unix seconds), until `signal` aborts.
 */
export async function* dockerEvents(
  dockerHost: string,
  filters: Record<string, string[]>,
  options: { signal: AbortSignal; since?: number },
): AsyncGenerator<EngineEvent, void, undefined> {
  const args = ["events", "--format", "{{json .}}"];
  for (const [name, values] of Object.entries(filters)) {
    for (const value of values) args.push("--filter", `${name}=${value}`);
  }
  if (options.since !== undefined) args.push("--since", String(options.since));
  const child = spawn("docker", args, {
    env: { ...process.env, DOCKER_HOST: dockerHost },
    stdio: ["ignore", "pipe", "ignore"],
    signal: options.signal,
  });
  child.on("error", () => undefined); // the abort kills it; the stream then ends
  try {
    for await (const line of createInterface({ input: child.stdout })) {
      const parsed = EngineEventSchema.safeParse(JSON.parse(line));
      if (parsed.success) yield parsed.data;
    }
  } finally {
    child.kill();
  }
}
