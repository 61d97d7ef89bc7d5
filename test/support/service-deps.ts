/**
 * @module Notification service dependencies for tests: every request goes to a loopback
 * receiver, nothing is logged, and mail is not expected.
 */
import { pino } from "pino";
import type { ServiceDeps } from "../../src/notify/service.ts";
import { systemClock } from "../../src/util/clock.ts";
import type { Receiver } from "./receiver.ts";

export function receiverDeps(receiver: Receiver): ServiceDeps {
  return {
    logger: pino({ level: "silent" }),
    clock: systemClock,
    resolveEndpoint: receiver.resolveEndpoint,
    logStdout: false,
    stdout: () => undefined,
    createMailTransport: () => {
      throw new Error("no mail here");
    },
  };
}
