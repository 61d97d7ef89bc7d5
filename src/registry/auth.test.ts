import { describe, expect, it } from "vitest";
import { TokenResponse } from "./auth.ts";

describe("TokenResponse", () => {
  it.each([
    [
      { token: "a", expires_in: 300 },
      { token: "a", expires_in: 300 },
    ],
    [{ access_token: "b" }, { access_token: "b" }],
    [
      { token: "", access_token: "c" },
      { token: "", access_token: "c" },
    ],
    [
      { token: "d", access_token: "d", expires_in: 60, issued_at: "2026-01-01T00:00:00Z" },
      { token: "d", access_token: "d", expires_in: 60 },
    ],
    // An unusable expires_in means the default lifetime, never a lost token.
    [
      { token: "e", expires_in: "120" },
      { token: "e", expires_in: 120 },
    ],
    [{ token: "f", expires_in: 0 }, { token: "f" }],
    [{ token: "g", expires_in: -5 }, { token: "g" }],
    [{ token: "h", expires_in: null }, { token: "h" }],
    [{ token: 5 }, {}],
    [{}, {}],
  ])("%j parses as %j", (input, expected) => {
    expect(TokenResponse.parse(input)).toEqual(expected);
  });

  it.each([null, "token", 42, []])("%j is not a token response", (input) => {
    expect(TokenResponse.safeParse(input).success).toBe(false);
  });
});
