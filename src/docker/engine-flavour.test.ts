import { describe, expect, it } from "vitest";
import { engineFlavour, type EngineFlavour } from "./engine-flavour.ts";

describe("engineFlavour", () => {
  it.each<[string, Record<string, string>, EngineFlavour]>([
    ["Docker's ping", { "api-version": "1.41", server: "Docker/20.10.24 (linux)" }, "docker"],
    ["Podman's ping", { "api-version": "1.41", "libpod-api-version": "4.3.1" }, "podman"],
    ["an empty Libpod header", { "libpod-api-version": "" }, "docker"],
    ["no headers", {}, "docker"],
  ])("%s → %s", (_, headers, expected) => {
    expect(engineFlavour(headers)).toBe(expected);
  });
});
