/**
 * @module Writes docs/configuration.md from the options table: `npx tsx scripts/gen-config-doc.ts`.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderConfigDoc } from "./config-doc.ts";

const target = fileURLToPath(new URL("../docs/configuration.md", import.meta.url));
writeFileSync(target, renderConfigDoc());
console.log(`wrote ${target}`);
