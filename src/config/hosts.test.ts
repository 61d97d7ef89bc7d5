import { describe, expect, it } from "vitest";
import { parseConfig } from "./parse.ts";
import type { FileDeps } from "./secrets.ts";

const noFiles: FileDeps = {
  readFile: () => {
    throw new Error("no files in this test");
  },
  fileExists: () => false,
};

const A = "unix:///run/a.sock";
const B = "tcp://10.0.0.2:2376";
const C = "unix:///run/c.sock";

describe("--host, once or several times", () => {
  it.each([
    { argv: [], env: {}, host: "unix:///var/run/docker.sock", hosts: ["unix:///var/run/docker.sock"] },
    { argv: [], env: { DOCKER_HOST: A }, host: A, hosts: [A] },
    { argv: ["--host", A], env: { DOCKER_HOST: B }, host: A, hosts: [A] },
    { argv: ["-H", A], env: {}, host: A, hosts: [A] },
    { argv: [`-H${A}`], env: {}, host: A, hosts: [A] },
    { argv: [`--host=${A}`], env: {}, host: A, hosts: [A] },
    // Two values: a fleet of two; `host` stays the last value, as pflag reads a string flag.
    { argv: ["--host", A, "--host", B], env: {}, host: B, hosts: [A, B] },
    { argv: ["-H", A, `--host=${B}`, "-H", C], env: { DOCKER_HOST: C }, host: C, hosts: [A, B, C] },
    // A repeated value counts once: still one host.
    { argv: ["--host", A, "--host", A], env: {}, host: A, hosts: [A] },
    { argv: ["--host", A, "--host", ` ${A}`, "--host", B], env: {}, host: B, hosts: [A, B] },
    // The env var names one host, even with a comma or a space in it.
    { argv: [], env: { DOCKER_HOST: `${A},${B}` }, host: `${A},${B}`, hosts: [`${A},${B}`] },
  ])("$argv with $env: host $host, hosts $hosts", ({ argv, env, host, hosts }) => {
    const { config } = parseConfig(argv, env, noFiles);
    expect(config.host).toBe(host);
    expect(config.hosts).toEqual(hosts);
  });
});
