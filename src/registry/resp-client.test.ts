import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { createRespClient, decodeReply, encodeCommand, parseRedisUrl, RedisError } from "./resp-client.ts";

describe("parseRedisUrl", () => {
  it.each([
    ["redis://127.0.0.1", { host: "127.0.0.1", port: 6379, db: 0 }],
    ["redis://cache:6380/2", { host: "cache", port: 6380, db: 2 }],
    ["redis://:s%40cret@cache/3", { host: "cache", port: 6379, db: 3, password: "s@cret" }],
    ["redis://bosun:pw@[::1]:7000/0", { host: "::1", port: 7000, db: 0, username: "bosun", password: "pw" }],
  ])("%s", (url, expected) => {
    expect(parseRedisUrl(url)).toEqual(expected);
  });

  it.each([
    ["not a url", /invalid Redis URL/],
    ["http://cache:6379", /must start with redis:\/\//],
    ["redis://cache/x", /invalid Redis database number/],
    ["redis://cache/-1", /invalid Redis database number/],
  ])("rejects %s", (url, message) => {
    expect(() => parseRedisUrl(url)).toThrow(message);
  });

  it("never puts the password in its errors", () => {
    let message = "";
    try {
      parseRedisUrl("rediss://u:hunter2@cache");
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/redis:\/\//);
    expect(message).not.toContain("hunter2");
  });
});

describe("RESP codec", () => {
  it("encodes a command as an array of bulk strings (byte lengths)", () => {
    expect(encodeCommand(["SET", "k", "é"]).toString()).toBe("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\né\r\n");
  });

  it.each([
    ["+OK\r\n", "OK"],
    [":42\r\n", 42],
    ["$5\r\nhello\r\n", "hello"],
    ["$0\r\n\r\n", ""],
    ["$-1\r\n", null],
    ["*2\r\n$1\r\na\r\n:1\r\n", ["a", 1]],
    ["*-1\r\n", null],
    ["*0\r\n", []],
  ])("decodes %j", (wire, value) => {
    const reply = decodeReply(Buffer.from(wire));
    expect(reply?.value).toEqual(value);
    expect(reply?.next).toBe(Buffer.byteLength(wire));
  });

  it.each(["", "+OK", "$5\r\nhel", "*2\r\n$1\r\na\r\n"])("waits for more bytes on %j", (wire) => {
    expect(decodeReply(Buffer.from(wire))).toBeUndefined();
  });

  it("turns an error reply into a RedisError with the error kind only", () => {
    const reply = decodeReply(Buffer.from("-WRONGPASS invalid username-password pair\r\n"));
    expect(reply?.value).toBeInstanceOf(RedisError);
    expect((reply?.value as Error).message).toBe("WRONGPASS");
  });

  it("decodes two replies from one buffer", () => {
    const buffer = Buffer.from("+OK\r\n$1\r\nx\r\n");
    const first = decodeReply(buffer);
    expect(first?.value).toBe("OK");
    expect(decodeReply(buffer, first?.next)?.value).toBe("x");
  });
});

describe("createRespClient", () => {
  const servers: Server[] = [];
  afterAll(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));

  /** A fake Redis that records commands and answers each with `answer`. */
  async function fakeRedis(answer: (args: string[]) => string | undefined) {
    const seen: string[][] = [];
    const sockets: Socket[] = [];
    const server = createServer((socket) => {
      sockets.push(socket);
      let pending = Buffer.alloc(0);
      socket.on("data", (chunk: Buffer) => {
        pending = Buffer.concat([pending, chunk]);
        for (;;) {
          const reply = decodeReply(pending);
          if (reply === undefined || !Array.isArray(reply.value)) break;
          pending = pending.subarray(reply.next);
          const args = reply.value.map(String);
          seen.push(args);
          const out = answer(args);
          if (out !== undefined) socket.write(out);
        }
      });
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return { port, seen, sockets };
  }

  it("authenticates and selects the database before the first command, in order", async () => {
    const fake = await fakeRedis((args) => (args[0] === "GET" ? "$3\r\nval\r\n" : "+OK\r\n"));
    const client = createRespClient(
      { host: "127.0.0.1", port: fake.port, db: 4, password: "pw" },
      { timeoutMs: 1000 },
    );
    expect(await client.command(["GET", "k"])).toBe("val");
    expect(fake.seen).toEqual([
      ["AUTH", "pw"],
      ["SELECT", "4"],
      ["GET", "k"],
    ]);
    client.close();
  });

  it("fails a command when Redis does not answer in time, and reconnects for the next one", async () => {
    let silent = true;
    const fake = await fakeRedis(() => (silent ? undefined : "+PONG\r\n"));
    const client = createRespClient({ host: "127.0.0.1", port: fake.port, db: 0 }, { timeoutMs: 100 });
    await expect(client.command(["PING"])).rejects.toThrow(/did not answer within 100 ms/);
    silent = false;
    expect(await client.command(["PING"])).toBe("PONG");
    client.close();
  });

  it("rejects pending commands when the connection is refused", async () => {
    const fake = await fakeRedis(() => "+OK\r\n");
    const port = fake.port;
    await new Promise((resolve) => servers.pop()?.close(resolve));
    const client = createRespClient({ host: "127.0.0.1", port, db: 0 }, { timeoutMs: 1000 });
    await expect(client.command(["GET", "k"])).rejects.toThrow(/Redis connection failed/);
    client.close();
  });
});
