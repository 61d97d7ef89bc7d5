import { describe, expect, it } from "vitest";
import { DockerConfigError } from "./errors.ts";
import { parseDockerHost } from "./host.ts";
import type { DockerEndpoint } from "./host.ts";

describe("parseDockerHost", () => {
  it.each<[string | undefined, boolean, DockerEndpoint]>([
    [
      undefined,
      false,
      { kind: "unix", socketPath: "/var/run/docker.sock", host: "unix:///var/run/docker.sock" },
    ],
    ["", false, { kind: "unix", socketPath: "/var/run/docker.sock", host: "unix:///var/run/docker.sock" }],
    ["unix:///tmp/d.sock", false, { kind: "unix", socketPath: "/tmp/d.sock", host: "unix:///tmp/d.sock" }],
    [
      "tcp://127.0.0.1:2375",
      false,
      { kind: "http", origin: "http://127.0.0.1:2375", host: "tcp://127.0.0.1:2375" },
    ],
    ["tcp://docker:2376", true, { kind: "https", origin: "https://docker:2376", host: "tcp://docker:2376" }],
    ["tcp://[::1]:2375", false, { kind: "http", origin: "http://[::1]:2375", host: "tcp://[::1]:2375" }],
    [
      "http://localhost:2375",
      true,
      { kind: "http", origin: "http://localhost:2375", host: "http://localhost:2375" },
    ],
    [
      "https://docker.example:2376",
      false,
      { kind: "https", origin: "https://docker.example:2376", host: "https://docker.example:2376" },
    ],
    [
      "https://docker.example",
      false,
      { kind: "https", origin: "https://docker.example", host: "https://docker.example" },
    ],
    ["TCP://h:1/", false, { kind: "http", origin: "http://h:1", host: "TCP://h:1/" }],
  ])("parses %j (tlsVerify %s)", (host, tlsVerify, expected) => {
    expect(parseDockerHost(host, tlsVerify)).toEqual(expected);
  });

  it.each([
    ["/var/run/docker.sock", "no scheme"],
    ["docker:2375", "no scheme"],
    ["ssh://user@host", 'unsupported scheme "ssh"'],
    ["npipe:////./pipe/docker_engine", 'unsupported scheme "npipe"'],
    ["unix://relative.sock", "absolute"],
    ["tcp://host", "needs a port"],
    ["tcp://:2375", "not a valid address"],
    ["tcp://host:99999", "not a valid address"],
    ["tcp://user:pw@host:2375", "credentials"],
    ["tcp://host:2375/path", "path or query"],
  ])("rejects %j", (host, why) => {
    const parse = () => parseDockerHost(host);
    expect(parse).toThrow(DockerConfigError);
    expect(parse).toThrow(why);
    expect(parse).toThrow(`"${host}"`);
    expect(parse).toThrow("expected unix:///path/to/docker.sock, tcp://host:port");
  });
});
