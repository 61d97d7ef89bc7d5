/**
 * @module Typed errors of the registry layer. Messages never contain secrets.
 */
import { BosunError } from "../util/errors.ts";

/** Credentials could not be resolved (unreadable config.json, missing or failing helper). */
export class CredentialsError extends BosunError {}

/** A CA bundle given with --registry-ca is missing, unreadable or holds no certificate. */
export class CaBundleError extends BosunError {}
