/**
 * @module Digest checks against a real distribution registry serving TLS with a certificate from
 * a throwaway CA: verified by default (an unknown CA is `unknown`, never a silent fall back to
 * plain HTTP), trusted with --registry-ca, skipped with --insecure-registry; and the CA bundle
 * validation behind --registry-ca-validate.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CaBundleError } from "../../src/registry/errors.ts";
import type { RegistryServiceOptions } from "../../src/registry/service.ts";
import { validateCaBundle } from "../../src/registry/tls.ts";
import { uniqueName } from "./harness.ts";
import {
  htpasswdFile,
  makeCa,
  pushTo,
  startRegistry,
  tempDir,
  type ExtraRegistry,
  removeImagesOf,
  removeTempDirs,
  e2eRegistry,
} from "./registry-helpers.ts";

let ca: Awaited<ReturnType<typeof makeCa>>;
let registry: ExtraRegistry;
let pushed: { ref: string; repoDigests: string[] };
const services: { close(): Promise<void> }[] = [];

function service(extra: Partial<RegistryServiceOptions> = {}) {
  const created = e2eRegistry(extra);
  services.push(created);
  return created;
}

const digestOf = (repoDigest: string | undefined) => repoDigest?.split("@")[1] ?? "";

beforeAll(async () => {
  ca = await makeCa();
  registry = await startRegistry(uniqueName("tls"), { tls: { cert: ca.cert, key: ca.key } });
  // The daemon treats 127.0.0.0/8 as an insecure registry: it speaks TLS without verifying.
  pushed = await pushTo(registry.host, uniqueName("tls-app"), 1, { configDir: tempDir("push-config") });
});

afterAll(async () => {
  await Promise.all(services.map((s) => s.close()));
  await removeImagesOf(registry.host);
  await registry.stop();
  removeTempDirs();
});

describe("TLS registry on loopback", () => {
  it("without --registry-ca the unknown CA makes the check unknown with a verification error", async () => {
    const mark = registry.mark();
    const check = await service().checkDigest(pushed.ref, pushed.repoDigests);
    expect(check).toEqual({
      kind: "unknown",
      reason: `TLS verification of ${registry.host} failed: unable to verify the first certificate (UNABLE_TO_VERIFY_LEAF_SIGNATURE); trust its CA with --registry-ca`,
      fallback: { image: pushed.ref, warn: false },
    });
    // No plain-HTTP retry reached the registry (Go's TLS server would log it as a TLS handshake error).
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mark.since()).toEqual([]);
  });

  it("with --registry-ca the registry is verified and the check works over https", async () => {
    const checker = service({ registryCaPath: ca.ca });
    const mark = registry.mark();
    expect(await checker.checkDigest(pushed.ref, pushed.repoDigests)).toEqual({
      kind: "match",
      remoteDigest: digestOf(pushed.repoDigests[0]),
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The registry only speaks TLS, so these requests were https.
    expect(mark.since().filter((r) => r.method === "HEAD" && r.status === 200)).toHaveLength(1);
  });

  it("the CA also verifies `localhost` (DNS SAN)", async () => {
    const port = registry.host.split(":")[1] ?? "";
    const ref = pushed.ref.replace(registry.host, `localhost:${port}`);
    const digests = pushed.repoDigests.map((d) => d.replace(registry.host, `localhost:${port}`));
    const check = await service({ registryCaPath: ca.ca }).checkDigest(ref, digests);
    expect(check.kind).toBe("match");
  });

  it("a CA that did not sign the registry's certificate is still a verification error", async () => {
    const other = await makeCa();
    const check = await service({ registryCaPath: other.ca }).checkDigest(pushed.ref, pushed.repoDigests);
    expect(check.kind === "unknown" && check.reason).toMatch(
      new RegExp(`^TLS verification of ${registry.host} failed: .*certificate`),
    );
  });

  it("--insecure-registry skips verification", async () => {
    expect((await service({ insecure: true }).checkDigest(pushed.ref, pushed.repoDigests)).kind).toBe(
      "match",
    );
  });

  it("Basic credentials over TLS with the CA work", async () => {
    const secured = await startRegistry(uniqueName("tls-basic"), {
      tls: { cert: ca.cert, key: ca.key },
      auth: { htpasswd: await htpasswdFile("bosun", "tls-basic-pass") },
    });
    try {
      const { ref, repoDigests } = await pushTo(secured.host, uniqueName("tls-basic"), 1, {
        configDir: tempDir("push-config"),
        login: { user: "bosun", password: "tls-basic-pass" },
      });
      const check = await service({
        registryCaPath: ca.ca,
        repoUser: "bosun",
        repoPass: "tls-basic-pass",
      }).checkDigest(ref, repoDigests);
      expect(check.kind).toBe("match");
    } finally {
      await removeImagesOf(secured.host);
      await secured.stop();
    }
  });
});

describe("CA bundle validation (--registry-ca-validate)", () => {
  it("a valid bundle: the number of certificates", async () => {
    expect(validateCaBundle(ca.ca)).toBe(1);
    const other = await makeCa();
    const bundle = join(tempDir("bundle"), "bundle.pem");
    writeFileSync(bundle, readFileSync(ca.ca, "utf8") + "\n" + readFileSync(other.ca, "utf8"));
    expect(validateCaBundle(bundle)).toBe(2);
  });

  it.each([
    ["missing", () => join(tempDir("bundle"), "absent.pem"), /does not exist/],
    [
      "garbage",
      () => {
        const path = join(tempDir("bundle"), "garbage.pem");
        writeFileSync(path, "this is not a certificate\n");
        return path;
      },
      /holds no PEM certificate/,
    ],
    [
      "a PEM block that is not a certificate",
      () => {
        const path = join(tempDir("bundle"), "broken.pem");
        writeFileSync(path, "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n");
        return path;
      },
      /invalid certificate/,
    ],
    ["a directory", () => tempDir("bundle"), /cannot be read/],
  ])("%s: CaBundleError with a clear message", (_what, make, message) => {
    const path = make();
    expect(() => validateCaBundle(path)).toThrow(CaBundleError);
    expect(() => validateCaBundle(path)).toThrow(message);
  });

  it("createRegistryService refuses a missing --registry-ca bundle", () => {
    expect(() => service({ registryCaPath: "/nonexistent/ca.pem" })).toThrow(CaBundleError);
  });
});
