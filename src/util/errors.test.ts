import { describe, expect, it } from "vitest";
import { ERROR_CODES } from "./error-codes.ts";
import { BosunError, errorMessage } from "./errors.ts";

describe("BosunError", () => {
  it("keeps its code and cause", () => {
    const cause = new Error("socket closed");
    const error = new BosunError("DOCKER_API", "it failed", { cause });
    expect(error.code).toBe("DOCKER_API");
    expect(error.cause).toBe(cause);
    expect(error.name).toBe("BosunError");
    expect(errorMessage(error)).toBe("it failed");
    expect(errorMessage("plain")).toBe("plain");
  });
});

describe("the error code registry", () => {
  it("spells every code in one casing, SCREAMING_SNAKE", () => {
    for (const code of Object.keys(ERROR_CODES)) expect(code).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
  });
});
