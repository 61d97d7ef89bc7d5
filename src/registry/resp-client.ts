/**
 * @module A minimal Redis (RESP2) client over node:net: AUTH, SELECT, GET, SET PX, with a
 * timeout per command and a reconnect on the next command after the connection drops.
 */
import { connect, type Socket } from "node:net";
import { RedisError, type RedisTarget } from "./redis-url.ts";

export { parseRedisUrl, RedisError, type RedisTarget } from "./redis-url.ts";

export type RespValue = string | number | null | RespValue[];

export function encodeCommand(args: readonly string[]): Buffer {
  const parts = [`*${args.length}\r\n`];
  for (const arg of args) parts.push(`$${Buffer.byteLength(arg)}\r\n${arg}\r\n`);
  return Buffer.from(parts.join(""));
}

/** Decodes one reply at `offset`: the value and the next offset, or undefined when incomplete. */
export function decodeReply(
  buffer: Buffer,
  offset = 0,
): { value: RespValue | Error; next: number } | undefined {
  const lineEnd = buffer.indexOf("\r\n", offset);
  if (lineEnd === -1) return undefined;
  const type = String.fromCharCode(buffer[offset] ?? 0);
  const line = buffer.toString("utf8", offset + 1, lineEnd);
  const after = lineEnd + 2;
  switch (type) {
    case "+":
      return { value: line, next: after };
    case "-":
      return { value: new RedisError("REDIS_REPLY", line.split(" ")[0] ?? "ERR"), next: after };
    case ":":
      return { value: Number(line), next: after };
    case "$": {
      const length = Number(line);
      if (length < 0) return { value: null, next: after };
      if (buffer.length < after + length + 2) return undefined;
      return { value: buffer.toString("utf8", after, after + length), next: after + length + 2 };
    }
    case "*": {
      const count = Number(line);
      if (count < 0) return { value: null, next: after };
      const items: RespValue[] = [];
      let next = after;
      for (let i = 0; i < count; i++) {
        const item = decodeReply(buffer, next);
        if (item === undefined) return undefined;
        if (item.value instanceof Error) return item;
        items.push(item.value);
        next = item.next;
      }
      return { value: items, next };
    }
    default:
      return { value: new RedisError("REDIS_PROTOCOL", "unexpected reply from Redis"), next: buffer.length };
  }
}

interface Pending {
  resolve(value: RespValue): void;
  reject(error: Error): void;
}

export interface RespClient {
  command(args: readonly string[], signal?: AbortSignal): Promise<RespValue>;
  close(): void;
}

export function createRespClient(target: RedisTarget, options: { timeoutMs: number }): RespClient {
  let socket: Socket | undefined;
  let buffer: Buffer = Buffer.alloc(0);
  const queue: Pending[] = [];

  const fail = (error: Error): void => {
    socket?.destroy();
    socket = undefined;
    buffer = Buffer.alloc(0);
    for (const pending of queue.splice(0)) pending.reject(error);
  };

  const open = (): Socket => {
    const s = connect({ host: target.host, port: target.port });
    s.setNoDelay(true);
    s.on("data", (chunk: Buffer) => {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      for (;;) {
        const reply = decodeReply(buffer);
        if (reply === undefined) break;
        buffer = buffer.subarray(reply.next);
        const pending = queue.shift();
        if (reply.value instanceof Error) pending?.reject(reply.value);
        else pending?.resolve(reply.value);
      }
    });
    s.on("error", (error) => {
      if (socket === s) fail(new RedisError("REDIS_CONNECTION", `Redis connection failed: ${error.message}`));
    });
    s.on("close", () => {
      if (socket === s) fail(new RedisError("REDIS_CONNECTION", "Redis connection closed"));
    });
    // Commands written before the connection is up are buffered by the socket, in order.
    const setup: string[][] = [];
    if (target.password !== undefined) {
      setup.push(
        target.username === undefined
          ? ["AUTH", target.password]
          : ["AUTH", target.username, target.password],
      );
    }
    if (target.db !== 0) setup.push(["SELECT", String(target.db)]);
    for (const args of setup) {
      queue.push({
        resolve: () => undefined,
        reject: (error) => {
          fail(error);
        },
      });
      s.write(encodeCommand(args));
    }
    return s;
  };

  return {
    command(args, signal) {
      return new Promise<RespValue>((resolve, reject) => {
        socket ??= open();
        const current = socket;
        const timer = setTimeout(() => {
          if (socket === current)
            fail(new RedisError("REDIS_TIMEOUT", `Redis did not answer within ${options.timeoutMs} ms`));
        }, options.timeoutMs);
        const onAbort = (): void => {
          if (socket === current) fail(new RedisError("REDIS_ABORTED", "Redis command aborted"));
        };
        signal?.addEventListener("abort", onAbort, { once: true });
        const done = (): void => {
          clearTimeout(timer);
          signal?.removeEventListener("abort", onAbort);
        };
        queue.push({
          resolve: (value) => {
            done();
            resolve(value);
          },
          reject: (error) => {
            done();
            reject(error);
          },
        });
        current.write(encodeCommand(args));
      });
    },
    close() {
      const s = socket;
      socket = undefined;
      for (const pending of queue.splice(0))
        pending.reject(new RedisError("REDIS_CLOSED", "Redis client closed"));
      s?.end();
      s?.destroy();
    },
  };
}
