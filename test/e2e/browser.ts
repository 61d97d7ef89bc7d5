/**
 * @module The browser of the dashboard's e2e tests: Debian's Chromium (the `chromium` package that
 * scripts/test-env.sh installs) driven by playwright-core, which never downloads a browser. Each
 * launch gets a fresh profile in a temp dir, removed when the browser closes. A missing Chromium
 * fails the test, naming what to install: browser tests never skip silently.
 */
import { accessSync, constants, rmSync } from "node:fs";
import { chromium, type BrowserContext, type ConsoleMessage, type Page } from "playwright-core";
import { tempDir } from "../support/temp-dir.ts";

/** Where Debian's `chromium` package puts the browser. */
export const CHROMIUM = "/usr/bin/chromium";

/**
 * Headless, as root in a container (no sandbox), and quiet on the network: the machine's network is
 * closed, so every background connection (updates, sync, field trials) is switched off.
 */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface TestBrowser {
  context: BrowserContext;
  /** A new tab: its own session storage, so a new sign-in. */
  newPage(): Promise<Page>;
  /** Closes the browser and removes its profile. */
  close(): Promise<void>;
}

export function requireChromium(): void {
  try {
    accessSync(CHROMIUM, constants.X_OK);
  } catch (error) {
    throw new Error(
      `${CHROMIUM} is missing: the dashboard's browser tests need Debian's chromium package ` +
        "(bash scripts/test-env.sh up installs it, or: apt-get install chromium)",
      { cause: error },
    );
  }
}

export async function launchBrowser(): Promise<TestBrowser> {
  requireChromium();
  const profile = tempDir("chromium");
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      chromiumSandbox: false,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 },
      timeout: 60_000,
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  context.setDefaultTimeout(30_000);
  return {
    context,
    newPage: () => context.newPage(),
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A console message or page error that a test of a healthy page must not see. */
export interface PageProblem {
  kind: "console" | "pageerror";
  text: string;
}

/** Collects the page's console errors and warnings (CSP violations among them) and uncaught errors. */
export function watchProblems(page: Page): PageProblem[] {
  const problems: PageProblem[] = [];
  page.on("console", (message: ConsoleMessage) => {
    if (message.type() === "error" || message.type() === "warning") {
      problems.push({ kind: "console", text: message.text() });
    }
  });
  page.on("pageerror", (error) => {
    problems.push({ kind: "pageerror", text: error.message });
  });
  return problems;
}
