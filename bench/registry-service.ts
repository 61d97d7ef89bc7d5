/**
 * @module Registry-service benchmark (issue 3, "Speed"): K digest checks (default 20) with the
 * registry service directly, against a real distribution registry with Bearer token auth (the
 * e2e token server): of one repository and of K repositories, with a cold and a warm token cache,
 * concurrently (the service's pool) and one after another; prints wall time and requests per
 * check. `--latency <ms>` puts a loopback proxy that delays every registry request in front.
 *
 * Run against the shared private daemon of scripts/test-env.sh (it pushes the test images):
 *   source /tmp/bosun-e2e/env && npx tsx bench/registry-service.ts [--checks 20] [--latency 0]
 *     [--concurrency 8]
 * It prints figures; it is not a test. Everything it starts or pushes is removed at the end.
 */
import { pino } from "pino";
import { createRegistryService, type RegistryClient } from "../src/registry/service.ts";
import { systemClock } from "../src/util/clock.ts";
import { buildImage } from "../test/e2e/harness.ts";
import {
  dockerLogin,
  dockerWithConfig,
  removeImagesOf,
  removeTempDirs,
  repoDigests,
  startRegistry,
  startRegistryProxy,
  startTokenServer,
  tempDir,
  tokenRequests,
  type ExtraRegistry,
  type RegistryProxy,
  type TokenServer,
} from "../test/e2e/registry-helpers.ts";
import { pool, printTable } from "./support.ts";

const REQUIRED_ENV = [
  "DOCKER_HOST",
  "BOSUN_TEST_DIR",
  "BOSUN_TEST_REGISTRY",
  "BOSUN_TEST_REGISTRY_LOG",
  "BOSUN_TEST_REDIS_URL",
  "BOSUN_TEST_BASE_IMAGE",
  "BOSUN_TEST_DOCKER_TLS_HOST",
  "BOSUN_TEST_DOCKER_CERT_PATH",
];
const USER = "bench";
const PASSWORD = "Bench-Pa55-registry-service";
const WATCHDOG_MS = 10 * 60_000;

interface Args {
  checks: number;
  latency: number;
  concurrency: number;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { checks: 20, latency: 0, concurrency: 8 };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i]?.replace(/^--/, "");
    const value = Number(argv[i + 1]);
    if (
      (key === "checks" || key === "latency" || key === "concurrency") &&
      Number.isInteger(value) &&
      value >= 0
    ) {
      args[key] = value;
      i++;
    } else {
      process.stderr.write("usage: registry-service.ts [--checks K] [--latency ms] [--concurrency n]\n");
      process.exit(2);
    }
  }
  args.checks = Math.max(1, args.checks);
  args.concurrency = Math.max(1, args.concurrency);
  return args;
}

interface Row {
  scenario: string;
  checks: number;
  wallMs: number;
  heads: number;
  challenges: number;
  unauthorized: number;
  tokens: number;
}

function printRows(rows: readonly Row[]): void {
  printTable(
    ["scenario", "checks", "wall", "per check", "HEAD", "/v2/", "401", "token req", "requests/check"],
    rows.map((row) => [
      row.scenario,
      String(row.checks),
      `${row.wallMs.toFixed(1)} ms`,
      `${(row.wallMs / row.checks).toFixed(2)} ms`,
      String(row.heads),
      String(row.challenges),
      String(row.unauthorized),
      String(row.tokens),
      ((row.heads + row.challenges + row.tokens) / row.checks).toFixed(2),
    ]),
  );
}

async function main(): Promise<number> {
  const missing = REQUIRED_ENV.filter((name) => (process.env[name] ?? "") === "");
  if (missing.length > 0) {
    process.stderr.write(
      `registry-service: ${missing.join(", ")} not set. It needs the private test daemon of the e2e tests:\n` +
        `  npm run env -- up && source /tmp/bosun-e2e/env && npx tsx bench/registry-service.ts\n`,
    );
    return 2;
  }
  const args = parseArgs(process.argv.slice(2));
  const services: RegistryClient[] = [];
  let tokens: TokenServer | undefined;
  let registry: ExtraRegistry | undefined;
  let proxy: RegistryProxy | undefined;
  const watchdog = setTimeout(() => {
    process.stderr.write("registry-service: watchdog fired\n");
    process.exit(1);
  }, WATCHDOG_MS);
  try {
    tokens = await startTokenServer({ [USER]: PASSWORD });
    registry = await startRegistry(`bench-rc-${Date.now().toString(36)}`, { auth: { token: tokens } });
    const pushConfig = tempDir("bench-push");
    await dockerLogin(pushConfig, registry.host, USER, PASSWORD);
    const repos = Array.from({ length: args.checks }, (_, i) => `bench-rc-${String(i)}`);
    const first = `${registry.host}/${repos[0] ?? ""}:latest`;
    await buildImage(first, ["ENV REV=1"]);
    await pool(repos, 4, async (repo) => {
      const ref = `${registry?.host ?? ""}/${repo}:latest`;
      if (ref !== first) await dockerWithConfig(pushConfig, ["tag", first, ref]);
      await dockerWithConfig(pushConfig, ["push", "-q", ref]);
    });
    const digest = (await repoDigests(first))[0]?.split("@")[1] ?? "";
    if (args.latency > 0) proxy = await startRegistryProxy(registry.host, { delayMs: args.latency });
    const checkHost = proxy?.host ?? registry.host;
    process.stdout.write(
      `registry-service: K=${String(args.checks)}, pool ${String(args.concurrency)}, ` +
        `${args.latency > 0 ? `+${String(args.latency)} ms per registry request (proxy)` : "no added latency"}\n`,
    );

    const newService = () => {
      const service = createRegistryService({
        dockerConfigDir: tempDir("bench-no-config"),
        repoUser: USER,
        repoPass: PASSWORD,
        insecure: false,
        warnOnHeadFailure: "never",
        concurrency: args.concurrency,
        timeoutMs: 15_000,
        clock: systemClock,
        logger: pino({ level: "silent" }),
      });
      services.push(service);
      return service;
    };
    const rows: Row[] = [];
    const measure = async (
      scenario: string,
      checker: Pick<RegistryClient, "checkDigest">,
      refs: readonly string[],
      sequential = false,
    ) => {
      const mark = registry?.mark();
      const tokensBefore = tokens === undefined ? 0 : tokenRequests(tokens);
      const check = async (ref: string) => {
        const repo = ref.slice(0, ref.lastIndexOf(":"));
        const result = await checker.checkDigest(ref, [`${repo}@${digest}`]);
        if (result.kind !== "match") throw new Error(`${ref}: ${JSON.stringify(result)}`);
      };
      const started = performance.now();
      if (sequential) for (const ref of refs) await check(ref);
      else await Promise.all(refs.map(check));
      const wallMs = performance.now() - started;
      // The registry flushes its access log asynchronously.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const requests = mark?.since() ?? [];
      rows.push({
        scenario,
        checks: refs.length,
        wallMs,
        heads: requests.filter((r) => r.method === "HEAD" && r.path.includes("/manifests/")).length,
        challenges: requests.filter((r) => r.path === "/v2/").length,
        unauthorized: requests.filter((r) => r.status === 401).length,
        tokens: (tokens === undefined ? 0 : tokenRequests(tokens)) - tokensBefore,
      });
    };
    const one = Array.from({ length: args.checks }, () => `${checkHost}/${repos[0] ?? ""}:latest`);
    const many = repos.map((repo) => `${checkHost}/${repo}:latest`);

    const a = newService();
    await measure("1 repo, cold cache", a, one);
    await measure("1 repo, warm cache", a, one);
    await measure("1 repo, warm, sequential", a, one, true);
    await measure("1 repo, one session (memoised)", newService().session(), one);
    const b = newService();
    await measure(`${String(args.checks)} repos, cold cache`, b, many);
    await measure(`${String(args.checks)} repos, warm cache`, b, many);
    await measure(`${String(args.checks)} repos, warm, sequential`, b, many, true);
    printRows(rows);
    process.stdout.write(
      "requests/check = (manifest HEADs + /v2/ challenges + token requests) / checks; " +
        "/v2/ is asked once per registry per service, tokens once per scope until expiry\n",
    );
    return 0;
  } finally {
    clearTimeout(watchdog);
    await Promise.all(services.map((service) => service.close()));
    await proxy?.stop();
    if (registry !== undefined) {
      await removeImagesOf(registry.host);
      await registry.stop();
    }
    await tokens?.stop();
    removeTempDirs();
  }
}

process.exitCode = await main();
