/**
 * The web dashboard in a real browser (Debian's Chromium driven by playwright-core) against a real
 * Bosun, the private dockerd and the registry: sign in with the token, see the containers (a label
 * holding HTML is shown as text), "check now", "update" one stale container with the keyboard and
 * follow it live to its outcome, then find it in the history after a restart on the same state dir.
 * The page must load under 100 KB and log no error (a CSP violation is one).
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { startApiServer } from "../../src/api/server.ts";
import { createMetrics } from "../../src/metrics/metrics.ts";
import { tempDir } from "../support/temp-dir.ts";
import { launchBrowser, watchProblems, type PageProblem, type TestBrowser } from "./browser.ts";
import { freePort, startBosun, type RunningBosun, apiArgs } from "./daemon-helpers.ts";
import { inspect, publish, removeTestContainers, ROOT, runContainer, uniqueName } from "./harness.ts";
import { SLEEP, staleRepo } from "./update-helpers.ts";

const TOKEN = "dashboard-e2e-token";
const SCOPE = uniqueName("scope");
const SCOPED = ["--label", `com.centurylinklabs.watchtower.scope=${SCOPE}`];
/** An unusable tag policy: Bosun skips the container and its reason quotes the label's value. */
const HOSTILE = "<img src=x onerror=window.__bosunInjected=1>";
/** Set to write the screenshot the docs show (docs/dashboard.png). */
const SCREENSHOT = process.env.BOSUN_DASHBOARD_SCREENSHOT === "1";

let browser: TestBrowser;
const running: RunningBosun[] = [];
beforeAll(async () => {
  browser = await launchBrowser();
});
afterEach(async () => {
  for (const bosun of running.splice(0)) await bosun.stop("SIGKILL");
});
afterAll(async () => {
  await browser.close();
  await removeTestContainers();
});

async function daemon(stateDir: string, port: number, names: string[], extra: string[] = []) {
  const bosun = startBosun([
    ...apiArgs(SCOPE, TOKEN, port),
    "--state-dir",
    stateDir,
    "--stop-timeout",
    "2s",
    ...extra,
    ...names,
  ]);
  running.push(bosun);
  await bosun.waitForLog((line) => line.msg.startsWith("The HTTP API is enabled"));
  return bosun;
}

/** Opens the dashboard in a new tab (its own session storage) and signs in with the keyboard. */
async function signIn(port: number): Promise<{ page: Page; problems: PageProblem[] }> {
  const page = await browser.newPage();
  const problems = watchProblems(page);
  await page.goto(`http://127.0.0.1:${port}/`);
  // The token field has the focus from the start: typing and Enter sign in.
  await expect.poll(() => page.evaluate("document.activeElement?.id")).toBe("token");
  await page.keyboard.type(TOKEN);
  await page.keyboard.press("Enter");
  await page.locator("#dashboard").waitFor({ state: "visible" });
  return { page, problems };
}

function row(page: Page, name: string) {
  return page
    .locator("#containers tbody tr")
    .filter({ has: page.getByRole("rowheader", { name, exact: true }) });
}

describe("dashboard in Chromium", () => {
  it("signs in, checks, updates one stale container live, and keeps it in the history across a restart", async () => {
    const stateDir = tempDir("dash-state");
    const stale = await staleRepo(uniqueName("dash"));
    const tagged = await publish(uniqueName("dashtag"), 1, { tag: "1.0.0" });
    const app = uniqueName("app");
    const hostile = uniqueName("hostile");
    // `sleep` as PID 1 ignores SIGTERM: each stop takes the 2 s stop timeout, long enough to see.
    await runContainer(app, stale.ref, SCOPED, ["sleep", "600"]);
    await runContainer(hostile, tagged.ref, [...SCOPED, "--label", `bosun.tag-policy=${HOSTILE}`], SLEEP);
    const port = await freePort();

    // 1. Monitor-only: "check now" finds the stale container, and the hostile label is only text.
    let bosun = await daemon(stateDir, port, [app, hostile], ["--monitor-only"]);
    let page = await browser.newPage();
    let problems = watchProblems(page);
    const transferred: number[] = [];
    page.on("requestfinished", (request) => {
      void request.sizes().then((sizes) => {
        transferred.push(sizes.responseBodySize + sizes.responseHeadersSize + sizes.requestHeadersSize);
      });
    });
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.getByLabel("API token", { exact: true }).fill("not-the-token");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.locator("#login-error").textContent()).toBe("This token was not accepted.");
    // The refused call is the one expected console line.
    expect(problems.map((p) => p.text)).toEqual([
      "Failed to load resource: the server responded with a status of 401 (Unauthorized)",
    ]);
    problems.length = 0;
    await page.getByLabel("API token", { exact: true }).fill(TOKEN);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.locator("#dashboard").waitFor({ state: "visible" });
    const checkNow = page.getByRole("button", { name: "Check now" });
    await checkNow.click();
    await expect
      .poll(() => page.locator("#action-status").textContent(), { timeout: 60_000 })
      .toMatch(/^Run finished: /);
    await expect.poll(() => checkNow.isEnabled()).toBe(true);
    await expect.poll(() => row(page, app).locator(".state").textContent()).toBe("stale");
    const reason = row(page, hostile).locator(".reason");
    await expect.poll(() => row(page, hostile).locator(".state").textContent()).toBe("skipped");
    expect(await reason.textContent()).toContain(`"${HOSTILE}"`);
    expect(await page.locator("#containers img, #history img").count()).toBe(0);
    expect(await page.evaluate("'__bosunInjected' in window")).toBe(false);
    // The page, its files and its data calls (the event stream never finishes, so is not counted).
    expect(transferred.length).toBeGreaterThan(5);
    expect(transferred.reduce((sum, n) => sum + n, 0)).toBeLessThan(100 * 1024);
    expect(problems).toEqual([]);
    await page.close();
    await bosun.stop();

    // 2. Updating: the stale container is updated from its row, with the keyboard, followed live.
    bosun = await daemon(stateDir, port, [app, hostile]);
    ({ page, problems } = await signIn(port));
    await expect.poll(() => page.locator("#live-connection").textContent()).toBe("Live: connected.");
    // Seeded from the history: stale before any session of this Bosun.
    await expect.poll(() => row(page, app).locator(".state").textContent()).toBe("stale");
    const update = row(page, app).getByRole("button", { name: `Update ${app}` });
    await update.focus();
    await page.keyboard.press("Enter");
    // Queued: disabled until the run that covers it ends.
    expect(await update.isDisabled()).toBe(true);
    expect(await row(page, app).locator(".outcome").textContent()).toBe("queued…");
    await expect
      .poll(() => page.locator("#live-summary").textContent())
      .toMatch(/^Running: session started /);
    await expect
      .poll(() => row(page, app).locator(".outcome").textContent(), { timeout: 60_000 })
      .toBe("updated");
    expect(await update.isEnabled()).toBe(true);
    // The keyboard user is back on the button.
    expect(await page.evaluate("document.activeElement?.textContent")).toBe(`Update ${app}`);
    await expect.poll(() => row(page, app).locator(".state").textContent()).toBe("updated");
    await expect.poll(() => page.locator("#live-status").textContent()).toMatch(/^Session done: .*1 updated/);
    const steps = await page.locator("#live-steps li").allTextContents();
    expect(steps.some((step) => step.endsWith(`Session started for ${stale.ref}`))).toBe(true);
    expect((await inspect(app)).Image).toBe(stale.rev2);
    await expect
      .poll(() => page.locator("#history details").first().locator("summary").textContent())
      .toContain(`for ${stale.ref} — 1 scanned, 1 updated, 0 failed, 0 skipped`);
    const screenshot = await page.screenshot({ fullPage: true });
    if (SCREENSHOT) writeFileSync(path.join(ROOT, "docs/dashboard.png"), screenshot);
    expect(problems).toEqual([]);
    await page.close();
    await bosun.stop();

    // 3. After a restart on the same state dir, the history still has the update.
    bosun = await daemon(stateDir, port, [app, hostile]);
    ({ page, problems } = await signIn(port));
    const latest = page.locator("#history details").first();
    await expect.poll(() => latest.locator("summary").textContent()).toContain(`for ${stale.ref}`);
    expect(await latest.getAttribute("open")).toBe("");
    expect(await latest.locator("tbody tr").allTextContents()).toEqual([`${app}${stale.ref}updated`]);
    expect(await page.locator("#history details").count()).toBe(2);
    expect(problems).toEqual([]);
    await page.close();
    // Three Bosun starts, two sessions and a browser: on a loaded 2-core machine, more than the default.
  }, 240_000);

  it("when the server has no token, says how to set one", async () => {
    // Bosun refuses to start its API endpoints without a token; a bare server (health only) is the
    // one way to reach this page state, so it is started in-process with the built page.
    const server = await startApiServer({
      host: "127.0.0.1",
      port: 0,
      token: undefined,
      updateEnabled: false,
      metricsEnabled: false,
      coordinator: { request: () => Promise.reject(new Error("no runs here")) },
      metrics: createMetrics({ defaultMetrics: false }),
      logger: pino({ level: "silent" }),
      dashboardDir: path.join(ROOT, "dist/api/dashboard/ui"),
    });
    try {
      const page = await browser.newPage();
      const problems = watchProblems(page);
      await page.goto(`http://127.0.0.1:${String(server.address.port)}/`);
      const section = page.locator("#no-token");
      await section.waitFor({ state: "visible" });
      expect(await section.textContent()).toContain("WATCHTOWER_HTTP_API_TOKEN");
      expect(await page.locator("#login").isHidden()).toBe(true);
      expect(problems).toEqual([]);
      await page.close();
    } finally {
      await server.close();
    }
  });
});
