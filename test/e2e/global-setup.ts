/**
 * @module Provisions the private dockerd, registry and redis-server for the e2e project, or fails
 * with a message that says what is missing. Never skips.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL("../../scripts/test-env.sh", import.meta.url));

export async function setup(): Promise<() => Promise<void>> {
  const wasUp = await run("bash", [SCRIPT, "status"]).then(
    () => true,
    () => false,
  );
  let stdout: string;
  try {
    ({ stdout } = await run("bash", [SCRIPT, "up"], { maxBuffer: 16 * 1024 * 1024, timeout: 900_000 }));
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? String(error);
    throw new Error(`e2e: cannot provision the test environment (scripts/test-env.sh up):\n${stderr}`);
  }
  for (const line of stdout.split("\n")) {
    const match = /^export ([A-Z_]+)=(.*)$/.exec(line.trim());
    if (match?.[1] !== undefined && match[2] !== undefined) process.env[match[1]] = match[2];
  }
  // An environment that was already running belongs to whoever started it; leave it up.
  return async () => {
    if (!wasUp && process.env.BOSUN_TEST_KEEP !== "1") await run("bash", [SCRIPT, "down"]);
  };
}
