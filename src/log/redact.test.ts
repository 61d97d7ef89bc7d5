import { describe, expect, it } from "vitest";
import { redactSecrets, redactValue } from "./redact.ts";

describe("redactSecrets", () => {
  it.each([
    ["smtp://user:pa55@mail.example:25/?from=a", "smtp://user:***@mail.example:25/?from=a"],
    ["https://u:p@registry.example/v2/", "https://u:***@registry.example/v2/"],
    ["discord://tok3n@12345", "discord://***@12345"],
    ["telegram://123:ABCdef@telegram?chats=1", "telegram://123:***@telegram?chats=1"],
    ["Authorization: Bearer eyJhbGciOi.abc-def_1", "Authorization: Bearer ***"],
    ["auth: basic dXNlcjpwYXNz", "auth: basic ***"],
    ["generic://hook.example/x?token=abc123&y=1", "generic://hook.example/x?token=***&y=1"],
    ["gotify https://h/message?access_token=zz", "gotify https://h/message?access_token=***"],
    ["nothing secret in https://example.com/path", "nothing secret in https://example.com/path"],
    ["image user@sha256:abc", "image user@sha256:abc"],
    ["a@b.c mail address", "a@b.c mail address"],
  ])("%j → %j", (input, output) => {
    expect(redactSecrets(input)).toBe(output);
  });
});

describe("redactValue", () => {
  it("masks strings deep in objects and arrays without changing the input", () => {
    const input = { urls: ["smtp://a:b@c"], nested: { header: "Bearer xyz" }, count: 3 };
    expect(redactValue(input)).toEqual({
      urls: ["smtp://a:***@c"],
      nested: { header: "Bearer ***" },
      count: 3,
    });
    expect(input.urls[0]).toBe("smtp://a:b@c");
  });

  it("copies errors with masked message, stack and cause, keeping their class", () => {
    class MyError extends Error {}
    const error = new MyError("failed for https://u:pw@h/", { cause: new Error("Bearer t0k") });
    const copy = redactValue(error) as Error;
    expect(copy).toBeInstanceOf(MyError);
    expect(copy.message).toBe("failed for https://u:***@h/");
    expect(copy.stack).not.toContain("pw@");
    expect((copy.cause as Error).message).toBe("Bearer ***");
    expect(error.message).toContain("pw@");
  });
});
