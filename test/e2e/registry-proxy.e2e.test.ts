/**
 * @module HTTP_PROXY / HTTPS_PROXY / NO_PROXY for Bosun's own requests, against the real registry
 * and a forward proxy of the test's: the registry is named `registry.test`, a name only the proxy
 * knows (it maps `.test` to 127.0.0.1), so a check that succeeds went through the proxy. Nothing
 * here looks a name up or leaves loopback.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpSend } from "../../src/notify/http-send.ts";
import { systemClock } from "../../src/util/clock.ts";
import { outboundDispatcher, type ProxySettings } from "../../src/util/http-proxy.ts";
import { publish, testEnv, uniqueName } from "./harness.ts";
import { e2eRegistry, repoDigests, startForwardProxy, type ForwardProxy } from "./registry-helpers.ts";

let proxy: ForwardProxy;
const port = () => testEnv().registry.split(":")[1] ?? "";

beforeAll(async () => {
  proxy = await startForwardProxy();
});
afterAll(async () => {
  await proxy.stop();
});

describe("registry checks through HTTP_PROXY", () => {
  const settings = (extra: Partial<ProxySettings> = {}): ProxySettings => ({
    httpProxy: proxy.url,
    httpsProxy: undefined,
    noProxy: undefined,
    ...extra,
  });

  it("a registry reachable only through the proxy answers the digest check", async () => {
    const { ref } = await publish(uniqueName("reg-proxy"), 1);
    const [digest = ""] = await repoDigests(ref);
    const viaName = ref.replace(testEnv().registry, `registry.test:${port()}`);
    const sha = digest.split("@")[1] ?? "";
    // Not loopback by name, so plain HTTP needs --insecure-registry, as with Docker.
    const registry = e2eRegistry({ proxy: settings(), insecure: true });
    try {
      const before = proxy.targets.length;
      const check = await registry.checkDigest(viaName, [`${viaName.replace(/:latest$/, "")}@${sha}`]);
      expect(check).toEqual({ kind: "match", remoteDigest: sha });
      expect(proxy.targets.slice(before)).toContain(`registry.test:${port()}`);
    } finally {
      await registry.close();
    }
  });

  it("NO_PROXY and loopback names go direct", async () => {
    const { ref } = await publish(uniqueName("reg-direct"), 1);
    const digests = await repoDigests(ref);
    for (const extra of [{}, { noProxy: "example.com, localhost" }]) {
      const registry = e2eRegistry({ proxy: settings(extra) });
      try {
        const before = proxy.targets.length;
        expect((await registry.checkDigest(ref, digests)).kind).toBe("match");
        expect(proxy.targets.slice(before)).toEqual([]);
      } finally {
        await registry.close();
      }
    }
    // 127.0.0.2 is loopback but not in the built-in list: proxied unless NO_PROXY names it. The
    // registry listens on 127.0.0.1 only, so the direct connection is refused (no name lookup).
    const other = ref.replace(testEnv().registry, `127.0.0.2:${port()}`);
    const otherDigest = `${other.replace(/:latest$/, "")}@${digests[0]?.split("@")[1] ?? ""}`;
    const proxied = e2eRegistry({ proxy: settings(), insecure: true });
    const bypass = e2eRegistry({ proxy: settings({ noProxy: "example.com,127.0.0.2" }), insecure: true });
    try {
      let before = proxy.targets.length;
      expect((await proxied.checkDigest(other, [otherDigest])).kind).toBe("match");
      expect(proxy.targets.slice(before)).toContain(`127.0.0.2:${port()}`);
      before = proxy.targets.length;
      expect((await bypass.checkDigest(other, [otherDigest])).kind).toBe("unknown");
      expect(proxy.targets.slice(before)).toEqual([]);
    } finally {
      await proxied.close();
      await bypass.close();
    }
  });
});

describe("notifications through HTTP_PROXY", () => {
  let receiver: Server;
  const bodies: string[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = "";
      req.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
      req.on("end", () => {
        bodies.push(body);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => receiver.close(resolve));
  });

  it("a webhook on a name only the proxy knows is delivered", async () => {
    const { port: receiverPort } = receiver.address() as AddressInfo;
    const dispatcher = outboundDispatcher({
      httpProxy: proxy.url,
      httpsProxy: undefined,
      noProxy: undefined,
    });
    try {
      await httpSend(
        { dispatcher, clock: systemClock },
        {
          method: "POST",
          url: new URL(`http://hooks.test:${String(receiverPort)}/notify`),
          headers: { "content-type": "application/json" },
          body: '{"text":"via proxy"}',
          signal: AbortSignal.timeout(10_000),
        },
      );
    } finally {
      await dispatcher.close();
    }
    expect(bodies).toEqual(['{"text":"via proxy"}']);
    expect(proxy.targets).toContain(`hooks.test:${String(receiverPort)}`);
  });
});
