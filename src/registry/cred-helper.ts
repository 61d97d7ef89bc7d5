/**
 * @module Running `docker-credential-<name> get`: the registry on stdin, JSON on stdout,
 * bounded by a timeout. The spawn function is injected.
 */
import type { ChildProcessWithoutNullStreams, SpawnOptionsWithoutStdio } from "node:child_process";
import { z } from "zod";
import { CredentialsError } from "./errors.ts";

export type SpawnFn = (
  command: string,
  args: readonly string[],
  options: SpawnOptionsWithoutStdio,
) => ChildProcessWithoutNullStreams;

export const HelperReply = z.object({
  ServerURL: z.string().optional(),
  Username: z.string(),
  Secret: z.string(),
});
export type HelperReply = z.infer<typeof HelperReply>;

export interface HelperCredentials {
  username?: string;
  password?: string;
  identityToken?: string;
}

/** Asks helper `name` for `serverAddress`; undefined when it has no credentials for it. */
export async function runCredentialHelper(
  spawn: SpawnFn,
  name: string,
  serverAddress: string,
  timeoutMs: number,
): Promise<HelperCredentials | undefined> {
  const command = `docker-credential-${name}`;
  const { code, stdout, stderr } = await run(spawn, command, serverAddress, timeoutMs);
  if (code !== 0) {
    // The protocol's "not found" reply: anonymous for this registry.
    if (/credentials not found/i.test(stdout + stderr)) return undefined;
    throw new CredentialsError("CRED_HELPER_FAILED", `${command} get failed with exit code ${String(code)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    throw new CredentialsError("CRED_HELPER_INVALID", `${command} get did not print JSON`);
  }
  const reply = HelperReply.safeParse(json);
  if (!reply.success) {
    throw new CredentialsError("CRED_HELPER_INVALID", `${command} get printed an unexpected JSON shape`);
  }
  if (reply.data.Secret === "") return undefined;
  if (reply.data.Username === "<token>") return { identityToken: reply.data.Secret };
  return { username: reply.data.Username, password: reply.data.Secret };
}

function run(
  spawn: SpawnFn,
  command: string,
  input: string,
  timeoutMs: number,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    let child: ChildProcessWithoutNullStreams;
    try {
      child = spawn(command, ["get"], {});
    } catch (error) {
      reject(missing(command, error));
      return;
    }
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.stdin.on("error", () => undefined);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(missing(command, error));
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (timedOut) {
        reject(new CredentialsError("CRED_HELPER_TIMEOUT", `${command} get timed out after ${timeoutMs} ms`));
      } else resolve({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

function missing(command: string, error: unknown): CredentialsError {
  const notFound = (error as NodeJS.ErrnoException).code === "ENOENT";
  const message = notFound
    ? `credential helper ${command} not found on PATH`
    : `credential helper ${command} could not be started`;
  return new CredentialsError(notFound ? "CRED_HELPER_MISSING" : "CRED_HELPER_FAILED", message, {
    cause: error,
  });
}
