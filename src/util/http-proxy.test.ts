import { EnvHttpProxyAgent } from "undici";
import { describe, expect, it } from "vitest";
import { outboundDispatcher, usesProxy } from "./http-proxy.ts";
import { proxyUrl } from "./proxy-url.ts";

describe("proxy settings", () => {
  it.each([
    ["http://proxy:3128", "http://proxy:3128"],
    ["https://user:pw@proxy:443", "https://user:pw@proxy:443"],
    ["proxy.corp:3128", "http://proxy.corp:3128"],
  ])("%s is the proxy %s", (value, expected) => {
    expect(proxyUrl(value)).toBe(expected);
  });

  it.each(["socks5://proxy:1080", "http://[bad", "ftp://proxy"])("%s is refused", (value) => {
    expect(() => proxyUrl(value)).toThrow();
  });

  it("a proxy agent only when a proxy is set", async () => {
    const none = { httpProxy: undefined, httpsProxy: undefined, noProxy: ".corp" };
    expect(usesProxy(none)).toBe(false);
    const direct = outboundDispatcher(none);
    expect(direct).not.toBeInstanceOf(EnvHttpProxyAgent);
    const proxied = outboundDispatcher({ ...none, httpsProxy: "proxy:3128" });
    expect(proxied).toBeInstanceOf(EnvHttpProxyAgent);
    await Promise.all([direct.close(), proxied.close()]);
  });
});
