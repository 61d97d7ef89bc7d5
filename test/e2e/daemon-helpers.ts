/**
 * @module Helpers for daemon-mode e2e tests: a long-running `bin/bosun` with JSON logs on stderr,
 * waits on its log lines (bounded), HTTP calls to its API on 127.0.0.1, and a graceful stop.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { tempDir } from "../support/temp-dir.ts";
import { BOSUN_BIN, testEnv } from "./harness.ts";

export interface LogLine {
  /** logrus' level name (`info`, `warning`, `error`). */
  level: string;
  msg: string;
  [key: string]: unknown;
}

export interface RunningBosun {
  child: ChildProcess;
  stdout(): string;
  logs(): LogLine[];
  /** Resolves with the first log line matching, waiting at most `timeoutMs`. */
  waitForLog(predicate: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** Sends the signal and resolves with the exit code (SIGKILL after `timeoutMs`). */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
  exited: Promise<number | null>;
}

/** The arguments of a Bosun serving its update API on loopback `port` with `token`, in `scope`. */
export function apiArgs(scope: string, token: string, port: number): string[] {
  return [
    "--scope",
    scope,
    "--http-api-update",
    "--http-api-token",
    token,
    "--http-api-host",
    "127.0.0.1",
    "--http-api-port",
    String(port),
  ];
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

export function startBosun(args: string[], env: Record<string, string> = {}): RunningBosun {
  const child = spawn(process.execPath, [BOSUN_BIN, "--log-format", "json", "--debug", ...args], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DOCKER_HOST: testEnv().dockerHost,
      DOCKER_CONFIG: `${testEnv().dir}/no-docker-config`,
      // Never the machine's /var/lib/bosun: a state dir (history, rejected images) per process.
      BOSUN_STATE_DIR: tempDir("state"),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  const lines: LogLine[] = [];
  const waiters = new Set<() => void>();
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    err += chunk;
    const parts = err.split("\n");
    err = parts.pop() ?? "";
    for (const part of parts) {
      try {
        lines.push(JSON.parse(part) as LogLine);
      } catch {
        lines.push({ level: "error", msg: part });
      }
    }
    for (const wake of waiters) wake();
  });
  const exited = new Promise<number | null>((resolve) => {
    child.on("exit", (code) => {
      resolve(code);
    });
  });
  const killer = setTimeout(() => child.kill("SIGKILL"), 300_000);
  void exited.then(() => {
    clearTimeout(killer);
  });

  return {
    child,
    exited,
    stdout: () => out,
    logs: () => [...lines],
    waitForLog(predicate, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const found = lines.find(predicate);
          if (found === undefined) return false;
          cleanup();
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(`no matching log line in ${timeoutMs} ms; got:\n${lines.map((l) => l.msg).join("\n")}`),
          );
        }, timeoutMs);
        const onExit = (): void => {
          if (check()) return;
          cleanup();
          reject(new Error(`bosun exited; log:\n${lines.map((l) => JSON.stringify(l)).join("\n")}`));
        };
        const cleanup = (): void => {
          clearTimeout(timer);
          waiters.delete(wake);
          child.off("exit", onExit);
        };
        const wake = (): void => {
          check();
        };
        if (check()) return;
        waiters.add(wake);
        child.on("exit", onExit);
      });
    },
    async stop(signal = "SIGTERM", timeoutMs = 60_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

export async function api(
  port: number,
  path: string,
  options: { method?: string; token?: string; header?: "bearer" | "token" } = {},
): Promise<{ status: number; body: string; json: () => unknown }> {
  const headers: Record<string, string> = {};
  if (options.token !== undefined) {
    if (options.header === "token") headers.Token = options.token;
    else headers.Authorization = `Bearer ${options.token}`;
  }
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: options.method ?? "GET",
    headers,
    signal: AbortSignal.timeout(120_000),
  });
  const body = await response.text();
  return { status: response.status, body, json: () => JSON.parse(body) as unknown };
}

export const sessionsDone = (bosun: RunningBosun): number =>
  bosun.logs().filter((line) => line.event === "session-done").length;
