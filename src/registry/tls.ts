/**
 * @module TLS for registry requests: verified by default, extra CAs from a PEM bundle merged with
 * the system roots, verification off only with --insecure-registry.
 */
import { readFileSync } from "node:fs";
import { X509Certificate } from "node:crypto";
import { rootCertificates } from "node:tls";
import { CaBundleError } from "./errors.ts";

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The certificates of a PEM bundle; throws CaBundleError when missing, unreadable or empty. */
export function readCaBundle(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "does not exist" : "cannot be read";
    throw new CaBundleError("CA_BUNDLE_UNREADABLE", `registry CA bundle ${path} ${why}`, { cause: error });
  }
  const blocks = text.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) {
    throw new CaBundleError("CA_BUNDLE_EMPTY", `registry CA bundle ${path} holds no PEM certificate`);
  }
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch (error) {
      throw new CaBundleError(
        "CA_BUNDLE_INVALID",
        `registry CA bundle ${path} holds an invalid certificate`,
        {
          cause: error,
        },
      );
    }
  }
  return blocks;
}

/** For --registry-ca-validate: checks the bundle at startup; returns how many certificates it holds. */
export function validateCaBundle(path: string): number {
  return readCaBundle(path).length;
}

export interface RegistryTlsOptions {
  /** Trusted CAs (system roots plus the bundle), or undefined for Node's defaults. */
  ca: string[] | undefined;
  rejectUnauthorized: boolean;
}

export function registryTlsOptions(caPath: string | undefined, insecure: boolean): RegistryTlsOptions {
  if (insecure) return { ca: undefined, rejectUnauthorized: false };
  if (caPath === undefined) return { ca: undefined, rejectUnauthorized: true };
  return { ca: [...rootCertificates, ...readCaBundle(caPath)], rejectUnauthorized: true };
}
