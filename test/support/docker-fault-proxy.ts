/**
 * @module A loopback Docker Engine API proxy that injects faults: it listens on its own unix socket,
 * forwards every request to the real dockerd, and lets a test delay a call, fail it without
 * forwarding, forward it but answer late (the daemon did the work, the client timed out), drop the
 * connection, or run a hook (e.g. SIGKILL Bosun) at the moment a given call arrives.
 *
 * Rules match the method and the path below the `/v1.xx` prefix; the first rule that matches (and
 * has uses left) decides. Every request is recorded with the rule that handled it, so a test can
 * assert what Bosun asked for and in which order.
 */
import { request as httpRequest, createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import { connect } from "node:net";
import type { Socket } from "node:net";
import { rmSync } from "node:fs";

export interface FaultRule {
  /** HTTP method, upper case; any method when absent. */
  method?: string;
  /** Matched against the path without the version prefix and query, e.g. `/containers/abc/start`. */
  path: RegExp;
  /** How many matching requests this rule handles; unlimited when absent. */
  times?: number;
  /** Runs when a request matches, before anything else the rule does (awaited). */
  onMatch?: (request: RecordedRequest) => void | Promise<void>;
  /** Hold the request this long before going on. */
  delayMs?: number;
  /** Answer with this status and `{"message": …}` without forwarding to the daemon. */
  fail?: { status: number; message?: string };
  /** Forward at once, but hold the daemon's answer this long: the work happens, the answer is late. */
  lateMs?: number;
  /** Close the client's connection without forwarding or answering. */
  drop?: boolean;
}

export interface RecordedRequest {
  method: string;
  /** Path without the version prefix and without the query. */
  path: string;
  /** Path and query as sent. */
  url: string;
  /** The status the client was sent; undefined while pending, 0 when dropped. */
  status?: number;
  /** Index in `rules` at the time of matching, when a rule matched. */
  rule?: number;
  at: number;
}

export interface DockerFaultProxy {
  /** `unix://…`: use as DOCKER_HOST for the process under test. */
  host: string;
  socketPath: string;
  /** Every request seen, in arrival order. */
  requests: RecordedRequest[];
  addRule(rule: FaultRule): void;
  clearRules(): void;
  close(): Promise<void>;
}

export interface DockerFaultProxyOptions {
  /** The real dockerd's unix socket. */
  upstreamSocket: string;
  /** Where to listen; keep it short (unix socket paths are limited to ~107 bytes). */
  socketPath: string;
}

const VERSION_PREFIX = /^\/v\d+\.\d+(?=\/)/;

function pathOf(url: string): string {
  const withoutQuery = url.split("?", 1)[0] ?? url;
  return withoutQuery.replace(VERSION_PREFIX, "");
}

const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms);
  });

export async function startDockerFaultProxy(options: DockerFaultProxyOptions): Promise<DockerFaultProxy> {
  const rules: { rule: FaultRule; used: number }[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();

  const matchRule = (method: string, path: string): { rule: FaultRule; index: number } | undefined => {
    for (const [index, entry] of rules.entries()) {
      const { rule } = entry;
      if (rule.method !== undefined && rule.method !== method) continue;
      if (!rule.path.test(path)) continue;
      if (rule.times !== undefined && entry.used >= rule.times) continue;
      entry.used += 1;
      return { rule, index };
    }
    return undefined;
  };

  const forward = (req: IncomingMessage, res: ServerResponse, record: RecordedRequest, lateMs: number) => {
    const upstream = httpRequest(
      { socketPath: options.upstreamSocket, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        const send = () => {
          if (res.destroyed) {
            answer.resume();
            return;
          }
          record.status = answer.statusCode ?? 502;
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        };
        if (lateMs > 0) {
          // Read the whole answer now, so the daemon's side of the call completes on time.
          const chunks: Buffer[] = [];
          answer.on("data", (chunk: Buffer) => chunks.push(chunk));
          answer.on("end", () => {
            setTimeout(() => {
              if (res.destroyed) return;
              record.status = answer.statusCode ?? 502;
              res.writeHead(answer.statusCode ?? 502, answer.headers);
              res.end(Buffer.concat(chunks));
            }, lateMs);
          });
          return;
        }
        send();
      },
    );
    upstream.on("error", (error) => {
      record.status = 502;
      if (!res.headersSent) res.writeHead(502, { "content-type": "application/json" });
      res.end(JSON.stringify({ message: `fault proxy: upstream error: ${error.message}` }));
    });
    // A client that gives up (timeout) must not cancel the daemon's side: keep the upstream call.
    req.pipe(upstream);
  };

  const server = createServer((req, res) => {
    const method = req.method ?? "GET";
    const url = req.url ?? "/";
    const record: RecordedRequest = { method, path: pathOf(url), url, at: Date.now() };
    requests.push(record);
    const matched = matchRule(method, record.path);
    if (matched === undefined) {
      forward(req, res, record, 0);
      return;
    }
    record.rule = matched.index;
    const { rule } = matched;
    void (async () => {
      await rule.onMatch?.(record);
      if (rule.delayMs !== undefined) await sleep(rule.delayMs);
      if (rule.drop === true) {
        record.status = 0;
        req.socket.destroy();
        return;
      }
      if (rule.fail !== undefined) {
        record.status = rule.fail.status;
        req.resume();
        res.writeHead(rule.fail.status, { "content-type": "application/json" });
        res.end(JSON.stringify({ message: rule.fail.message ?? "fault proxy: injected failure" }));
        return;
      }
      forward(req, res, record, rule.lateMs ?? 0);
    })().catch((error: unknown) => {
      record.status = 500;
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ message: `fault proxy: rule failed: ${String(error)}` }));
    });
  });

  // Hijacked streams (attach, exec with `Upgrade: tcp`) are piped raw.
  server.on("upgrade", (req: IncomingMessage, client: Socket, head: Buffer) => {
    const upstream = connect(options.upstreamSocket, () => {
      const lines = [`${req.method ?? "GET"} ${req.url ?? "/"} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        lines.push(`${req.rawHeaders[i] ?? ""}: ${req.rawHeaders[i + 1] ?? ""}`);
      }
      upstream.write(`${lines.join("\r\n")}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      client.pipe(upstream).pipe(client);
    });
    sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
  });

  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  rmSync(options.socketPath, { force: true });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.socketPath, resolve);
  });

  return {
    host: `unix://${options.socketPath}`,
    socketPath: options.socketPath,
    requests,
    addRule(rule) {
      rules.push({ rule, used: 0 });
    },
    clearRules() {
      rules.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          rmSync(options.socketPath, { force: true });
          resolve();
        });
      }),
  };
}
