import { describe, expect, it } from "vitest";
import { BosunError, errorMessage } from "./errors.ts";

describe("BosunError", () => {
  it("keeps its code and cause", () => {
    const cause = new Error("socket closed");
    const error = new BosunError("E_TEST", "it failed", { cause });
    expect(error.code).toBe("E_TEST");
    expect(error.cause).toBe(cause);
    expect(error.name).toBe("BosunError");
    expect(errorMessage(error)).toBe("it failed");
    expect(errorMessage("plain")).toBe("plain");
  });
});
