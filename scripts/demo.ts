/**
 * @module `npm run demo`: Bosun in five minutes, in a private sandbox. It provisions the same
 * dockerd + registry as the tests (scripts/test-env.sh, in its own directory, so the tests are never
 * disturbed), builds Bosun, starts four containers, publishes new images for three of them, runs ONE
 * Bosun session with readable logs, explains what happened to each container and why, and tears the
 * sandbox down (`--keep` leaves it running, with instructions). Nothing leaves the machine: the
 * registry and the Docker API are on loopback / a unix socket, and the containers have no network.
 *
 *   npm run demo [-- --keep] [-- --no-build]
 *   BOSUN_DEMO_DIR=/tmp/other npm run demo     (default /tmp/bosun-demo)
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DIR = process.env.BOSUN_DEMO_DIR ?? "/tmp/bosun-demo";
const args = new Set(process.argv.slice(2));
const KEEP = args.has("--keep");
const BUILD = !args.has("--no-build");

const tty = process.stdout.isTTY && process.env.NO_COLOR === undefined;
const paint = (code: string) => (text: string) => (tty ? `\u001b[${code}m${text}\u001b[0m` : text);
const bold = paint("1");
const dim = paint("2");
const green = paint("32");
const yellow = paint("33");
const red = paint("31");
const cyan = paint("36");

const PREFIX = "com.centurylinklabs.watchtower";

interface Sandbox {
  dockerHost: string;
  registry: string;
  baseImage: string;
}

interface DemoApp {
  name: string;
  repo: string;
  /** What the reader should know about it. */
  role: string;
  labels: Record<string, string>;
  volumes?: string[];
  /** Gets a new image after it started. */
  newRevision: boolean;
}

const APPS: DemoApp[] = [
  { name: "demo-web", repo: "demo/web", role: "a web app", labels: {}, newRevision: true },
  {
    name: "demo-worker",
    repo: "demo/worker",
    role: "a worker that needs demo-web",
    labels: { [`${PREFIX}.depends-on`]: "demo-web" },
    newRevision: false,
  },
  {
    name: "demo-db",
    repo: "demo/db",
    role: "a database you update by hand",
    labels: { [`${PREFIX}.monitor-only`]: "true" },
    newRevision: true,
  },
  {
    name: "demo-cache",
    repo: "demo/cache",
    role: "a cache that flushes to its volume before an update",
    labels: {
      [`${PREFIX}.lifecycle.pre-update`]:
        'echo "pre-update hook ran in $HOSTNAME (REV=$REV) at $(date -u +%H:%M:%S)" >> /data/hook.log',
    },
    volumes: ["demo-cache-data:/data"],
    newRevision: true,
  },
];

function step(text: string): void {
  process.stdout.write(`\n${bold(cyan("==>"))} ${bold(text)}\n`);
}

class DemoError extends Error {}

function fail(message: string): never {
  throw new DemoError(message);
}

/** Runs a command to completion; returns stdout, or fails the demo with its stderr. */
function run(
  command: string,
  argv: string[],
  options: { env?: NodeJS.ProcessEnv; input?: string; quiet?: boolean; timeoutMs?: number } = {},
): string {
  const result = spawnSync(command, argv, {
    cwd: ROOT,
    env: options.env ?? process.env,
    input: options.input ?? "",
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    timeout: options.timeoutMs ?? 300_000,
    stdio: ["pipe", "pipe", options.quiet === false ? "inherit" : "pipe"],
  });
  if (result.error !== undefined) fail(`${command} ${argv.join(" ")}: ${result.error.message}`);
  if (result.status !== 0) {
    fail(`${command} ${argv.join(" ")} exited with ${String(result.status)}\n${result.stderr}`);
  }
  return result.stdout.trim();
}

function sandboxEnv(): NodeJS.ProcessEnv {
  return { ...process.env, BOSUN_TEST_DIR: DIR };
}

function upSandbox(): Sandbox {
  const out = run("bash", ["scripts/test-env.sh", "up"], {
    env: sandboxEnv(),
    quiet: false,
    timeoutMs: 900_000,
  });
  const vars = new Map<string, string>();
  for (const line of out.split("\n")) {
    const match = /^export ([A-Z_]+)=(.*)$/.exec(line.trim());
    if (match?.[1] !== undefined && match[2] !== undefined) vars.set(match[1], match[2]);
  }
  const get = (key: string): string => vars.get(key) ?? fail(`scripts/test-env.sh up did not print ${key}`);
  return {
    dockerHost: get("DOCKER_HOST"),
    registry: get("BOSUN_TEST_REGISTRY"),
    baseImage: get("BOSUN_TEST_BASE_IMAGE"),
  };
}

function downSandbox(): void {
  run("bash", ["scripts/test-env.sh", "down"], { env: sandboxEnv(), quiet: false, timeoutMs: 300_000 });
}

function makeDocker(sandbox: Sandbox) {
  const env = { ...process.env, DOCKER_HOST: sandbox.dockerHost, DOCKER_BUILDKIT: "0" };
  return (argv: string[], input?: string): string =>
    run("docker", argv, { env, ...(input !== undefined && { input }) });
}

type Docker = ReturnType<typeof makeDocker>;

/** Leftovers of an earlier `--keep` run; absence is fine. */
function removeIfPresent(docker: Docker, argv: string[]): void {
  try {
    docker(argv);
  } catch {
    // nothing to remove
  }
}

function ref(sandbox: Sandbox, app: DemoApp): string {
  return `${sandbox.registry}/${app.repo}:latest`;
}

/** Builds revision `rev` of an app from the sandbox's busybox base and pushes it. Returns the image ID. */
function publish(docker: Docker, sandbox: Sandbox, app: DemoApp, rev: number): string {
  const dockerfile = [
    `FROM ${sandbox.baseImage}`,
    `ENV REV=${String(rev)}`,
    `LABEL org.opencontainers.image.title=${app.name} org.opencontainers.image.version=${String(rev)}`,
    // Shell form; the trap makes `docker stop` (SIGTERM to PID 1) immediate.
    `CMD trap 'exit 0' TERM; echo "${app.name} revision $REV started"; sleep 86400 & wait`,
  ].join("\n");
  docker(["build", "--network", "none", "-q", "-t", ref(sandbox, app), "-"], `${dockerfile}\n`);
  docker(["push", "-q", ref(sandbox, app)]);
  return docker(["image", "inspect", "--format", "{{.Id}}", ref(sandbox, app)]);
}

interface State {
  id: string;
  image: string;
  running: boolean;
}

function state(docker: Docker, name: string): State | undefined {
  try {
    const [id = "", image = "", running = ""] = docker([
      "inspect",
      "--type",
      "container",
      "--format",
      "{{.Id}} {{.Image}} {{.State.Running}}",
      name,
    ]).split(" ");
    return { id, image, running: running === "true" };
  } catch {
    return undefined;
  }
}

function short(id: string): string {
  return id.replace(/^sha256:/, "").slice(0, 12);
}

/** Runs one Bosun session: pretty logs stream to the terminal, porcelain lines are collected. */
function runBosun(sandbox: Sandbox, names: string[]): Promise<{ code: number | null; porcelain: string }> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DOCKER_HOST: sandbox.dockerHost,
    // Not the machine's registry credentials: the sandbox registry needs none.
    DOCKER_CONFIG: `${DIR}/demo-docker-config`,
  };
  mkdirSync(`${DIR}/demo-docker-config`, { recursive: true });
  const argv = [
    "bin/bosun",
    "--run-once",
    "--enable-lifecycle-hooks",
    "--log-format",
    "pretty",
    "--porcelain",
    "v1",
    ...names,
  ];
  process.stdout.write(dim(`$ DOCKER_HOST=${sandbox.dockerHost} ${argv.join(" ")}\n\n`));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { cwd: ROOT, env, stdio: ["ignore", "pipe", "inherit"] });
    let porcelain = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (porcelain += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), 180_000);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, porcelain });
    });
  });
}

function porcelainStates(text: string): Map<string, string> {
  const states = new Map<string, string>();
  for (const line of text.split("\n")) {
    const match = /^\/(\S+) \((.+?)\): (.*)$/.exec(line.trim());
    if (match?.[1] !== undefined && match[3] !== undefined) states.set(match[1], match[3]);
  }
  return states;
}

function explain(
  app: DemoApp,
  before: State,
  after: State | undefined,
  published: string,
  reported: string | undefined,
  hookLog: string,
): string {
  const heading = `${bold(app.name)} ${dim(`(${app.role})`)}`;
  const said = reported === undefined ? "" : dim(`  [porcelain: ${reported}]`);
  if (after === undefined) return `${heading}\n    ${yellow("gone?!")} the container no longer exists${said}`;
  const imageChanged = after.image !== before.image;
  const recreated = after.id !== before.id;
  const lines: string[] = [];
  if (reported !== undefined && /^(Failed|Skipped)/.test(reported)) {
    lines.push(`${red(reported.split(" ")[0]?.toLowerCase() ?? "failed")}: ${reported}`);
  }
  if (imageChanged) {
    lines.push(
      `${green("updated")}: a new image was pushed, so it now runs ${short(after.image)} (was ${short(before.image)})`,
    );
  } else if (recreated) {
    const on = app.labels[`${PREFIX}.depends-on`] ?? "?";
    lines.push(
      `${green("restarted")}: its own image is unchanged, but it depends on ${on} (label depends-on), which was updated;`,
      "it was stopped before and started again after its dependency, on the same image",
    );
  } else if (app.labels[`${PREFIX}.monitor-only`] === "true" && published !== before.image) {
    lines.push(
      `${yellow("stale, left alone")}: a newer image (${short(published)}) exists, but the label monitor-only=true`,
      "means Bosun only reports it (and pulls it); the container keeps running untouched",
    );
  } else {
    lines.push(`${dim("unchanged")}: nothing new for it`);
  }
  if (hookLog !== "") lines.push(`${green("hook ran")}: ${hookLog} (kept in its volume across the update)`);
  lines.push(
    `state: ${after.running ? "running" : "not running"}, container ${short(after.id)}${recreated ? ` (was ${short(before.id)})` : ""}`,
  );
  return `${heading}${said}\n${lines.map((line) => `    ${line}`).join("\n")}`;
}

function exploreHelp(sandbox: Sandbox): string {
  return [
    "",
    bold("The sandbox is still running. Explore it:"),
    `  export DOCKER_HOST=${sandbox.dockerHost}`,
    "  docker ps",
    `  docker exec demo-cache cat /data/hook.log`,
    `  curl -s http://${sandbox.registry}/v2/_catalog`,
    "  # publish another revision of the web app, then run one more session:",
    `  printf 'FROM ${sandbox.baseImage}\\nENV REV=3\\nCMD trap "exit 0" TERM; sleep 86400 & wait\\n' | DOCKER_BUILDKIT=0 docker build -q -t ${sandbox.registry}/demo/web:latest - && docker push -q ${sandbox.registry}/demo/web:latest`,
    `  DOCKER_CONFIG=${DIR}/demo-docker-config bin/bosun --run-once --log-format pretty --porcelain v1 demo-web demo-worker`,
    "",
    `When you are done: BOSUN_TEST_DIR=${DIR} bash scripts/test-env.sh down`,
  ].join("\n");
}

async function main(): Promise<void> {
  step(`Starting a private Docker daemon and registry in ${DIR} (nothing leaves this machine)`);
  const sandbox = upSandbox();
  const docker = makeDocker(sandbox);
  try {
    if (BUILD) {
      step("Building Bosun (npm run build)");
      run("npm", ["run", "--silent", "build"], { quiet: false });
    }

    step(`Publishing version 1 of four apps to the sandbox registry ${sandbox.registry}`);
    for (const app of APPS) {
      removeIfPresent(docker, ["rm", "-f", "-v", app.name]);
      const id = publish(docker, sandbox, app, 1);
      process.stdout.write(`  ${ref(sandbox, app)}  ${dim(short(id))}\n`);
    }
    removeIfPresent(docker, ["volume", "rm", "-f", "demo-cache-data"]);

    step("Starting the containers");
    const before = new Map<string, State>();
    for (const app of APPS) {
      const labels = Object.entries(app.labels).flatMap(([key, value]) => ["--label", `${key}=${value}`]);
      const volumes = (app.volumes ?? []).flatMap((volume) => ["-v", volume]);
      docker([
        "run",
        "-d",
        "--name",
        app.name,
        "--network",
        "none",
        ...labels,
        ...volumes,
        ref(sandbox, app),
      ]);
      const current = state(docker, app.name) ?? fail(`${app.name} did not start`);
      before.set(app.name, current);
      const shown = Object.entries(app.labels).map(
        ([key, value]) => `${key.replace(`${PREFIX}.`, "")}=${value}`,
      );
      process.stdout.write(
        `  ${bold(app.name.padEnd(12))} ${app.role}${shown.length > 0 ? dim(`  labels: ${shown.join(", ")}`) : ""}\n`,
      );
    }

    step("Publishing version 2 of demo-web, demo-db and demo-cache (demo-worker stays at version 1)");
    const published = new Map<string, string>();
    for (const app of APPS) {
      const id = app.newRevision ? publish(docker, sandbox, app, 2) : (before.get(app.name)?.image ?? "");
      published.set(app.name, id);
      if (app.newRevision) process.stdout.write(`  ${ref(sandbox, app)}  ${dim(short(id))}\n`);
    }

    step("Running one Bosun session");
    const result = await runBosun(
      sandbox,
      APPS.map((app) => app.name),
    );
    if (result.code !== 0) fail(`bosun exited with ${String(result.code)}`);
    const reported = porcelainStates(result.porcelain);
    if (result.porcelain.trim() !== "") {
      process.stdout.write(`\n${bold("Porcelain summary (stdout of --porcelain v1):")}\n`);
      for (const line of result.porcelain.trim().split("\n")) process.stdout.write(`  ${line}\n`);
    }

    step("What happened, and why");
    for (const app of APPS) {
      const previous = before.get(app.name);
      if (previous === undefined) continue;
      const after = state(docker, app.name);
      let hookLog = "";
      if (app.volumes !== undefined && after !== undefined) {
        try {
          hookLog = docker(["exec", app.name, "cat", "/data/hook.log"]);
        } catch {
          hookLog = "";
        }
      }
      const text = explain(
        app,
        previous,
        after,
        published.get(app.name) ?? "",
        reported.get(app.name),
        hookLog,
      );
      process.stdout.write(`${text}\n\n`);
    }
  } finally {
    if (KEEP) {
      process.stdout.write(`${exploreHelp(sandbox)}\n`);
    } else {
      step("Cleaning up (run with --keep to leave the sandbox running)");
      downSandbox();
    }
  }
}

try {
  await main();
} catch (error) {
  process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
