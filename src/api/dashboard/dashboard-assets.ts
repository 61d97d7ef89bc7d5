/**
 * @module The dashboard's files (page, stylesheet, browser modules), read once at startup from the
 * directory the build fills (`dist/api/dashboard/ui/`), each with its type and an ETag. Only these
 * files are ever served: a request names a file of this set or gets 404, so no path reaches the disk.
 */
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface DashboardAsset {
  body: Buffer;
  contentType: string;
  etag: string;
}

export interface DashboardAssets {
  /** `index.html`, served at `/`. */
  page: DashboardAsset;
  /** The other files by name (`app.js`), served under `/ui/`. */
  files: ReadonlyMap<string, DashboardAsset>;
}

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

/** Where the build puts the compiled page, next to this module in dist/. */
export const DEFAULT_DASHBOARD_DIR = fileURLToPath(new URL("./ui/", import.meta.url));

/** A file name as the build writes it: no directory, no dotfile. */
const FILE_NAME = /^[a-z0-9][a-z0-9._-]*$/;

/** Reads the page's files; undefined when the page is not there (a source tree that was not built). */
export async function loadDashboardAssets(dir: string): Promise<DashboardAssets | undefined> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return undefined;
  }
  const files = new Map<string, DashboardAsset>();
  let page: DashboardAsset | undefined;
  for (const name of names.sort()) {
    const contentType = TYPES[path.extname(name)];
    if (contentType === undefined || !FILE_NAME.test(name)) continue;
    const body = await readFile(path.join(dir, name));
    const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"`;
    const asset = { body, contentType, etag };
    if (name === "index.html") page = asset;
    else files.set(name, asset);
  }
  // Compiled modules are what makes the page work; the HTML alone is a source tree, not a build.
  if (page === undefined || !files.has("app.js")) return undefined;
  return { page, files };
}
