/**
 * @module `POST /v1/hooks/registry`: a registry push webhook (distribution notifications or Docker
 * Hub) queues a targeted update of the pushed images through the run coordinator and answers 202
 * at once, naming them; pushes that arrive while a run is in progress merge into the next one.
 * The token may also come as `?token=`, because Docker Hub cannot send headers with a webhook;
 * the server never logs a query string. The payload's `callback_url` is never called.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { Metrics } from "../metrics/metrics.ts";
import type { RunCoordinator } from "../scheduler/coordinator.ts";
import { errorMessage } from "../util/errors.ts";
import { anyTokenMatches, presentedTokens } from "./auth.ts";
import { readBody } from "./body.ts";
import {
  isPushContentType,
  parsePushPayload,
  PushPayloadError,
  UNSUPPORTED_CONTENT_TYPE,
} from "./push-payload.ts";

export const REGISTRY_HOOK_PATH = "/v1/hooks/registry";

type Send = (
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: unknown,
  headers?: Record<string, string>,
) => void;

export interface RegistryHookOptions {
  /** The API token; undefined never matches. */
  token: string | undefined;
  coordinator: Pick<RunCoordinator, "request">;
  metrics: Pick<Metrics, "webhookEvents">;
  logger: Logger;
  maxBodyBytes: number;
  bodyTimeoutMs: number;
  /** The server's JSON answer (status, body, extra headers). */
  sendJson: Send;
}

/** The route handler of REGISTRY_HOOK_PATH. */
export function registryHook(
  options: RegistryHookOptions,
): (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> {
  const { coordinator, metrics, logger, sendJson } = options;
  const fail = (req: IncomingMessage, res: ServerResponse, status: number, error: string): void => {
    sendJson(
      req,
      res,
      status,
      { error },
      status === 401 ? { "WWW-Authenticate": 'Bearer realm="bosun"' } : {},
    );
  };

  return async (req, res, url) => {
    const tokens = [...presentedTokens(req.headers), ...url.searchParams.getAll("token")];
    if (!anyTokenMatches(tokens, options.token)) {
      fail(req, res, 401, tokens.length > 0 ? "invalid API token" : "missing API token");
      return;
    }
    const contentType = req.headers["content-type"];
    if (!isPushContentType(contentType)) {
      fail(req, res, 415, UNSUPPORTED_CONTENT_TYPE);
      return;
    }
    const read = await readBody(req, options.maxBodyBytes, options.bodyTimeoutMs);
    if (read.outcome !== "ok") {
      if (read.outcome === "too-large")
        fail(req, res, 413, `request body larger than ${String(options.maxBodyBytes)} bytes`);
      else if (read.outcome === "timeout") fail(req, res, 408, "request body not received in time");
      else res.destroy();
      return;
    }
    let payload;
    try {
      payload = parsePushPayload(contentType, read.body.toString("utf8"));
    } catch (error) {
      if (!(error instanceof PushPayloadError)) throw error;
      fail(req, res, error.status, error.message);
      return;
    }
    const { source, images, pushes, ignored } = payload;
    metrics.webhookEvents(source, "queued", pushes.length);
    metrics.webhookEvents(source, "ignored", ignored.length);
    if (ignored.length > 0) logger.debug({ source, ignored }, "Registry webhook events ignored");
    if (images.length > 0) {
      logger.info(
        { source, images, pushes: pushes.map((push) => `${push.repository}:${push.tag}`) },
        "Updates triggered by registry push",
      );
      coordinator.request(images).catch((error: unknown) => {
        logger.debug({ err: errorMessage(error) }, "Update requested by a registry push did not complete");
      });
    }
    sendJson(req, res, 202, {
      status: images.length > 0 ? "queued" : "ignored",
      images,
      ignored: ignored.length,
    });
  };
}
