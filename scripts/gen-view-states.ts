/**
 * @module Writes src/api/dashboard/ui/view-states.ts from the server's VIEW_STATES:
 * `npx tsx scripts/gen-view-states.ts`.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderViewStatesModule, VIEW_STATES_MODULE } from "./view-states-module.ts";

const target = fileURLToPath(new URL(`../${VIEW_STATES_MODULE}`, import.meta.url));
writeFileSync(target, renderViewStatesModule());
console.log(`wrote ${target}`);
