import { describe, expect, it } from "vitest";
import { MockAgent } from "undici";
import { createDockerClient } from "./client.ts";

const ORIGIN = "http://docker.test:2375";

function frame(stream: number, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

async function execAgainst(output: Buffer, exitCode: number, maxOutputBytes?: number) {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const pool = agent.get(ORIGIN);
  pool
    .intercept({
      path: "/v1.41/containers/web/exec",
      method: "POST",
      body: (body) => {
        const parsed = JSON.parse(body) as {
          AttachStdout: boolean;
          AttachStderr: boolean;
          Tty: boolean;
          Cmd: string[];
        };
        return (
          parsed.AttachStdout && parsed.AttachStderr && !parsed.Tty && parsed.Cmd.join(" ") === "sh -c hook"
        );
      },
    })
    .reply(201, { Id: "e1" });
  pool.intercept({ path: "/v1.41/exec/e1/start", method: "POST" }).reply(200, output);
  pool
    .intercept({ path: "/v1.41/exec/e1/json", method: "GET" })
    .reply(200, { ID: "e1", Running: false, ExitCode: exitCode, Pid: 0 });
  const client = await createDockerClient({
    host: "tcp://docker.test:2375",
    dispatcher: agent,
    apiVersion: "1.41",
  });
  const options = maxOutputBytes === undefined ? {} : { maxOutputBytes };
  const result = await client.exec("web", ["sh", "-c", "hook"], options);
  await client.close();
  return result;
}

describe("exec", () => {
  it.each<[string, Buffer, number, number | undefined, string]>([
    [
      "interleaves stdout and stderr",
      Buffer.concat([frame(1, "a\n"), frame(2, "b\n"), frame(1, "c\n")]),
      0,
      undefined,
      "a\nb\nc\n",
    ],
    ["caps the output", Buffer.concat([frame(1, "12345"), frame(2, "67890")]), 75, 7, "1234567"],
    ["handles no output", Buffer.alloc(0), 1, undefined, ""],
  ])("%s", async (_name, output, exitCode, max, expected) => {
    expect(await execAgainst(output, exitCode, max)).toEqual({ exitCode, output: expected, timedOut: false });
  });
});
