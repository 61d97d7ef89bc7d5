/**
 * @module Typed errors of the registry layer. Messages never contain secrets.
 */
import { BosunError } from "../util/errors.ts";

/** A malformed image reference, e.g. upper case in the repository or a bad digest. */
export class ReferenceError extends BosunError {}

/** Credentials could not be resolved (unreadable config.json, missing or failing helper). */
export class CredentialsError extends BosunError {}

/** A CA bundle given with --registry-ca is missing, unreadable or holds no certificate. */
export class CaBundleError extends BosunError {}
