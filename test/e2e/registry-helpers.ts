/**
 * @module Extra distribution registries for the registry e2e tests (htpasswd, token auth, TLS),
 * a small JWT token server, a loopback proxy in front of a registry, a throwaway CA, and pushes
 * through `docker --config <dir> login`.
 * Each registry's pid goes to `$BOSUN_TEST_DIR/extra-<name>.pid` so `test-env.sh down` stops it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, createPrivateKey, generateKeyPairSync, sign, X509Certificate } from "node:crypto";
import { openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { connect, createServer as createNetServer, type AddressInfo, type Socket } from "node:net";
import { join } from "node:path";
import { pino } from "pino";
import { createRegistryService, type RegistryServiceOptions } from "../../src/registry/service.ts";
import { systemClock } from "../../src/util/clock.ts";
import { tempDir } from "../support/temp-dir.ts";
import { buildImage, markAccessLog, runProcess, testEnv, type RegistryRequest } from "./harness.ts";

export { removeTempDirs, tempDir } from "../support/temp-dir.ts";

/** Removes the daemon's images of repositories on `host` (what a test pushed to or pulled from it). */
export async function removeImagesOf(host: string): Promise<void> {
  const out = await dockerWithConfig(tempDir("cfg"), [
    "image",
    "ls",
    "--digests",
    "--format",
    "{{.Repository}} {{.Tag}} {{.Digest}}",
  ]);
  const refs = new Set<string>();
  for (const line of out.split("\n")) {
    const [repository, tag, digest] = line.split(" ");
    if (repository?.startsWith(`${host}/`) !== true) continue;
    // By reference, never by ID: an ID may carry other repositories' tags.
    if (tag !== undefined && tag !== "<none>") refs.add(`${repository}:${tag}`);
    else if (digest !== undefined && digest !== "<none>") refs.add(`${repository}@${digest}`);
  }
  if (refs.size > 0) await dockerWithConfig(tempDir("cfg"), ["image", "rm", ...refs]).catch(() => "");
}

export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForPort(port: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => {
        resolve(false);
      });
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
}

async function sh(command: string, args: string[]): Promise<string> {
  const result = await runProcess(command, args, { timeoutMs: 60_000 });
  if (result.code !== 0) throw new Error(`${command} ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout;
}

export interface ExtraRegistry {
  host: string;
  stop(): Promise<void>;
  /** Access-log requests after this call. */
  mark(): { since(): RegistryRequest[] };
}

export interface RegistryAuthConfig {
  htpasswd?: string;
  /** A TokenServer fits as is. */
  token?: { realm: string; service: string; issuer: string; rootCertBundle: string };
}

/** A notifications endpoint: the registry POSTs its event envelopes to `url` with `headers`. */
export interface RegistryNotifications {
  url: string;
  headers: Record<string, string>;
}

/** Starts `docker-registry serve` on a free loopback port with its own storage. */
export async function startRegistry(
  name: string,
  options: {
    auth?: RegistryAuthConfig;
    tls?: { cert: string; key: string };
    notifications?: RegistryNotifications;
  } = {},
): Promise<ExtraRegistry> {
  const dir = tempDir(`registry-${name}`);
  const port = await freePort();
  const lines = [
    "version: 0.1",
    "log:",
    "  level: info",
    "  formatter: text",
    "storage:",
    `  filesystem:`,
    `    rootdirectory: ${dir}/data`,
    "http:",
    `  addr: 127.0.0.1:${port}`,
  ];
  if (options.tls !== undefined) {
    lines.push("  tls:", `    certificate: ${options.tls.cert}`, `    key: ${options.tls.key}`);
  }
  if (options.auth?.htpasswd !== undefined) {
    lines.push("auth:", "  htpasswd:", "    realm: bosun-test", `    path: ${options.auth.htpasswd}`);
  }
  const token = options.auth?.token;
  if (token !== undefined) {
    lines.push(
      "auth:",
      "  token:",
      `    realm: ${token.realm}`,
      `    service: ${token.service}`,
      `    issuer: ${token.issuer}`,
      `    rootcertbundle: ${token.rootCertBundle}`,
    );
  }
  const notify = options.notifications;
  if (notify !== undefined) {
    // A short backoff: an event the endpoint refused is retried within a second.
    lines.push(
      "notifications:",
      "  endpoints:",
      `    - name: ${name}`,
      `      url: ${notify.url}`,
      "      timeout: 2s",
      "      threshold: 1",
      "      backoff: 1s",
      "      headers:",
      ...Object.entries(notify.headers).map(([key, value]) => `        ${key}: [${JSON.stringify(value)}]`),
    );
  }
  writeFileSync(join(dir, "config.yml"), lines.join("\n") + "\n");
  const logPath = join(dir, "registry.log");
  const log = openSync(logPath, "a");
  const child: ChildProcess = spawn("docker-registry", ["serve", join(dir, "config.yml")], {
    stdio: ["ignore", log, log],
    detached: false,
  });
  const pidFile = join(testEnv().dir, `extra-${name}.pid`);
  writeFileSync(pidFile, String(child.pid));
  await waitForPort(port);
  return {
    host: `127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(pidFile, { force: true });
      rmSync(dir, { recursive: true, force: true });
    },
    mark: () => markAccessLog(logPath),
  };
}

export async function htpasswdFile(user: string, password: string): Promise<string> {
  const path = join(tempDir("htpasswd"), "htpasswd");
  writeFileSync(path, await sh("htpasswd", ["-Bbn", user, password]));
  return path;
}

/** A CA and a server certificate for 127.0.0.1 and localhost, signed by it. */
export async function makeCa(): Promise<{ dir: string; ca: string; cert: string; key: string }> {
  const dir = tempDir("ca");
  const p = (name: string) => join(dir, name);
  await sh("openssl", [
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-days",
    "2",
    "-subj",
    "/CN=Bosun Test CA",
    "-keyout",
    p("ca-key.pem"),
    "-out",
    p("ca.pem"),
  ]);
  await sh("openssl", [
    "req",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-subj",
    "/CN=127.0.0.1",
    "-keyout",
    p("key.pem"),
    "-out",
    p("req.csr"),
  ]);
  writeFileSync(p("ext.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
  await sh("openssl", [
    "x509",
    "-req",
    "-in",
    p("req.csr"),
    "-CA",
    p("ca.pem"),
    "-CAkey",
    p("ca-key.pem"),
    "-CAcreateserial",
    "-days",
    "2",
    "-extfile",
    p("ext.cnf"),
    "-out",
    p("cert.pem"),
  ]);
  return { dir, ca: p("ca.pem"), cert: p("cert.pem"), key: p("key.pem") };
}

export interface TokenServer {
  realm: string;
  service: string;
  issuer: string;
  rootCertBundle: string;
  /** Token requests received, by outcome. */
  requests: { granted: number; denied: number };
  /** One entry per token request: the Basic user name sent (never the password), or null when anonymous. */
  users: (string | null)[];
  /** The `scope` parameters of every token request. */
  scopes: string[];
  stop(): Promise<void>;
}

export interface TokenServerOptions {
  /** The JSON field carrying the token: `token` (default) or `access_token` (OAuth2 style). */
  field?: "token" | "access_token";
  /** `expires_in` in the reply (default 300); null leaves it out. */
  expiresIn?: number | null;
  /** Grants pull tokens to anonymous requests (default: 401). */
  anonymous?: boolean;
  /** Signs with a key the registry does not trust, so it rejects the tokens. */
  untrusted?: boolean;
}

/** Total token requests so far. */
export function tokenRequests(server: TokenServer): number {
  return server.requests.granted + server.requests.denied;
}

/**
 * Issues RS256 JWTs with an `x5c` header for users of `users`; wrong passwords get 401, and so do
 * anonymous requests unless `options.anonymous`. `options` is read on every request, so a test may
 * change it between checks.
 */
export async function startTokenServer(
  users: Record<string, string>,
  options: TokenServerOptions = {},
): Promise<TokenServer> {
  const dir = tempDir("token");
  await sh("openssl", [
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-days",
    "2",
    "-subj",
    "/CN=bosun-token",
    "-keyout",
    join(dir, "key.pem"),
    "-out",
    join(dir, "cert.pem"),
  ]);
  const key = createPrivateKey(readFileSync(join(dir, "key.pem")));
  const cert = new X509Certificate(readFileSync(join(dir, "cert.pem")));
  const untrustedKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
  const service = "bosun-test-registry";
  const issuer = "bosun-test-issuer";
  const requests = { granted: 0, denied: 0 };
  const seenUsers: (string | null)[] = [];
  const scopes: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    scopes.push(...url.searchParams.getAll("scope"));
    const [scheme, encoded] = (req.headers.authorization ?? "").split(" ");
    const [user, ...rest] = Buffer.from(encoded ?? "", "base64")
      .toString()
      .split(":");
    const anonymous = req.headers.authorization === undefined;
    seenUsers.push(scheme === "Basic" && user !== undefined ? user : null);
    const granted = anonymous
      ? options.anonymous === true
      : scheme === "Basic" &&
        user !== undefined &&
        users[user] !== undefined &&
        users[user] === rest.join(":");
    if (!granted) {
      requests.denied++;
      res.writeHead(401).end('{"errors":[{"code":"UNAUTHORIZED"}]}');
      return;
    }
    requests.granted++;
    const access = url.searchParams.getAll("scope").map((scope) => {
      const [type = "", name = "", actions = ""] = scope.split(":");
      return { type, name, actions: actions.split(",") };
    });
    const now = Math.floor(Date.now() / 1000);
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const head = b64({ alg: "RS256", typ: "JWT", x5c: [cert.raw.toString("base64")] });
    const claims = b64({
      iss: issuer,
      sub: anonymous ? "" : user,
      aud: service,
      exp: now + 300,
      nbf: now - 10,
      iat: now,
      jti: createHash("sha256").update(String(Math.random())).digest("hex"),
      access,
    });
    const signer = options.untrusted === true ? untrustedKey : key;
    const signature = sign("sha256", Buffer.from(`${head}.${claims}`), signer).toString("base64url");
    res.writeHead(200, { "content-type": "application/json" });
    const reply: Record<string, unknown> = { [options.field ?? "token"]: `${head}.${claims}.${signature}` };
    if (options.expiresIn !== null) reply.expires_in = options.expiresIn ?? 300;
    res.end(JSON.stringify(reply));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    realm: `http://127.0.0.1:${port}/token`,
    service,
    issuer,
    rootCertBundle: join(dir, "cert.pem"),
    requests,
    users: seenUsers,
    scopes,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs the docker CLI with its own config dir (so `login` credentials stay in `configDir`). */
export async function dockerWithConfig(configDir: string, args: string[], input?: string): Promise<string> {
  const env = { ...process.env, DOCKER_HOST: testEnv().dockerHost, DOCKER_CONFIG: configDir };
  const result = await runProcess("docker", args, { env, input, timeoutMs: 120_000 });
  if (result.code !== 0) throw new Error(`docker ${args.join(" ")} failed: ${result.stderr.trim()}`);
  return result.stdout.trim();
}

/** `docker login` to `host`, the credentials kept in `configDir` (the password goes through stdin). */
export async function dockerLogin(
  configDir: string,
  host: string,
  user: string,
  password: string,
): Promise<void> {
  await dockerWithConfig(configDir, ["login", host, "-u", user, "--password-stdin"], password);
}

/** Builds revision `rev`, pushes it to `host/repo:tag` (logging in first when `login` is given). */
export async function pushTo(
  host: string,
  repo: string,
  rev: number,
  options: { configDir: string; login?: { user: string; password: string } },
): Promise<{ ref: string; repoDigests: string[] }> {
  if (options.login !== undefined) {
    await dockerLogin(options.configDir, host, options.login.user, options.login.password);
  }
  const ref = `${host}/${repo}:latest`;
  await buildImage(ref, [`ENV REV=${rev}`]);
  await dockerWithConfig(options.configDir, ["push", "-q", ref]);
  return { ref, repoDigests: await repoDigests(ref) };
}

export async function repoDigests(ref: string): Promise<string[]> {
  const out = await dockerWithConfig(tempDir("cfg"), [
    "image",
    "inspect",
    "--format",
    "{{json .RepoDigests}}",
    ref,
  ]);
  return JSON.parse(out) as string[];
}

/** Sends `req` on to `address:port` at `path` and pipes the answer back. */
function forward(
  req: IncomingMessage,
  res: ServerResponse,
  address: string,
  port: string,
  path: string,
): void {
  const upstream = httpRequest(
    { hostname: address, port, path, method: req.method, headers: req.headers },
    (response) => {
      res.writeHead(response.statusCode ?? 502, response.headers);
      response.pipe(res);
    },
  );
  upstream.on("error", () => res.destroy());
  req.pipe(upstream);
}

export interface RegistryProxy {
  /** `127.0.0.1:<port>`: use it where the registry's host would go. */
  host: string;
  stop(): Promise<void>;
}

export interface RegistryProxyOptions {
  /** Every forwarded request is held this long first. */
  delayMs?: number;
  /** Answers a request itself when it returns true; the others are forwarded. */
  intercept?: (req: IncomingMessage, res: ServerResponse) => boolean;
}

/** A loopback HTTP proxy to the registry at `target` (`host:port`). */
export async function startRegistryProxy(
  target: string,
  options: RegistryProxyOptions = {},
): Promise<RegistryProxy> {
  const [hostname = "", port = ""] = target.split(":");
  const address = hostname === "localhost" ? "127.0.0.1" : hostname;
  const server: Server = createServer((req, res) => {
    if (options.intercept?.(req, res) === true) return;
    if (options.delayMs === undefined || options.delayMs <= 0)
      forward(req, res, address, port, req.url ?? "/");
    else
      setTimeout(() => {
        forward(req, res, address, port, req.url ?? "/");
      }, options.delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port: own } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${String(own)}`,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export interface ForwardProxy {
  /** `http://127.0.0.1:<port>`, for HTTP_PROXY / HTTPS_PROXY. */
  url: string;
  /** `host:port` of every request it carried, CONNECT tunnels and absolute-URI requests alike. */
  targets: string[];
  stop(): Promise<void>;
}

/**
 * An HTTP forward proxy (CONNECT and absolute-URI requests) that reaches only loopback: names
 * ending in `.test` and every 127.x address stand for 127.0.0.1, so a client that reaches them at all went through it,
 * and any other host is refused (502) without being contacted.
 */
export async function startForwardProxy(): Promise<ForwardProxy> {
  const targets: string[] = [];
  const loopback = (host: string): string | undefined =>
    host.endsWith(".test") || host.startsWith("127.") || host === "localhost" ? "127.0.0.1" : undefined;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/");
    targets.push(url.host);
    const address = loopback(url.hostname);
    if (address === undefined) {
      res.writeHead(502).end();
      return;
    }
    forward(req, res, address, url.port, `${url.pathname}${url.search}`);
  });
  server.on("connect", (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const target = req.url ?? "";
    targets.push(target);
    const [host = "", port = ""] = target.split(/:(?=\d+$)/);
    const address = loopback(host);
    if (address === undefined) {
      socket.end("HTTP/1.1 502 Bad Gateway\r\n\r\n");
      return;
    }
    const upstream = connect(Number(port), address, () => {
      socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length > 0) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on("error", () => socket.destroy());
    socket.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}`,
    targets,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The registry service as the e2e tests use it: no config.json, quiet, short timeouts. */
export function e2eRegistry(extra: Partial<RegistryServiceOptions> = {}) {
  return createRegistryService({
    dockerConfigDir: tempDir("no-config"),
    insecure: false,
    warnOnHeadFailure: "auto",
    concurrency: 8,
    timeoutMs: 10_000,
    clock: systemClock,
    logger: pino({ level: "silent" }),
    ...extra,
  });
}
