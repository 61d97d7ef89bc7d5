/**
 * What a session says about each container through the command line: label values it cannot parse
 * (R7) and why a container was skipped (R9), against the real daemon and registry.
 */
import { afterAll, describe, expect, it } from "vitest";
import {
  inspect,
  jsonLines,
  porcelainLines,
  removeTestContainers,
  runBosun,
  runContainer,
  uniqueName,
} from "./harness.ts";
import { SLEEP, staleRepo } from "./update-helpers.ts";

afterAll(removeTestContainers);

const WT = "com.centurylinklabs.watchtower";
const LABEL_WARNING = "Unparseable label values, read as Watchtower reads them";

describe("bosun --run-once: label values it cannot parse", () => {
  it("keeps Watchtower's reading and warns once per container, naming label, value and reading", async () => {
    const stale = await staleRepo(uniqueName("lbl"));
    const twoBad = uniqueName("lbl-two");
    const maybe = uniqueName("lbl-maybe");
    const timeout = uniqueName("lbl-timeout");
    const good = uniqueName("lbl-good");
    await runContainer(
      twoBad,
      stale.ref,
      ["--label", `${WT}.monitor-only=yes`, "--label", `${WT}.no-pull=nope`],
      SLEEP,
    );
    await runContainer(maybe, stale.ref, ["--label", `${WT}.enable=maybe`], SLEEP);
    await runContainer(timeout, stale.ref, ["--label", `${WT}.lifecycle.pre-update-timeout=abc`], SLEEP);
    await runContainer(good, stale.ref, ["--label", `${WT}.monitor-only=false`], SLEEP);

    const args = ["--run-once", "--porcelain", "v1", "--log-format", "json", "--enable-lifecycle-hooks"];
    const result = await runBosun([...args, twoBad, maybe, timeout, good]);
    expect(result.code, result.stderr).toBe(0);
    const lines = porcelainLines(result.stdout);
    // Watchtower's reading: `yes` is not a boolean, so the flag (false) applies and it is updated.
    for (const name of [twoBad, maybe, timeout, good]) expect(lines.get(`/${name}`)).toBe("Updated");
    expect((await inspect(twoBad)).Config.Labels?.[`${WT}.monitor-only`]).toBe("yes");

    const warnings = jsonLines(result.stderr).filter((line) => line.msg === LABEL_WARNING);
    const byContainer = new Map(warnings.map((line) => [line.container, String(line.labels)]));
    expect(warnings).toHaveLength(3);
    expect(byContainer.size).toBe(3);
    expect(byContainer.get(`/${twoBad}`)).toContain(`${WT}.monitor-only="yes": not a boolean`);
    expect(byContainer.get(`/${twoBad}`)).toContain("--monitor-only (false) applies");
    expect(byContainer.get(`/${twoBad}`)).toContain(`${WT}.no-pull="nope": not a boolean`);
    expect(byContainer.get(`/${maybe}`)).toContain(`${WT}.enable="maybe"`);
    expect(byContainer.get(`/${maybe}`)).toContain("the container is included");
    expect(byContainer.get(`/${timeout}`)).toContain(`${WT}.lifecycle.pre-update-timeout="abc"`);
    expect(byContainer.get(`/${timeout}`)).toContain("read as 1 minute");
    expect(byContainer.has(`/${good}`)).toBe(false);
  });

  it("warns about a container that --label-enable leaves out only because of its bad enable value", async () => {
    const stale = await staleRepo(uniqueName("lbl"));
    const name = uniqueName("lbl-maybe");
    await runContainer(name, stale.ref, ["--label", `${WT}.enable=maybe`], SLEEP);
    const before = await inspect(name);
    const result = await runBosun(["--run-once", "--log-format", "json", "--label-enable", name]);
    expect(result.code, result.stderr).toBe(0);
    const warnings = jsonLines(result.stderr).filter((line) => line.msg === LABEL_WARNING);
    expect(warnings.map((line) => line.container)).toEqual([`/${name}`]);
    expect(String(warnings[0]?.labels)).toContain("excluded (--label-enable)");
    expect((await inspect(name)).Id).toBe(before.Id);
  });
});
