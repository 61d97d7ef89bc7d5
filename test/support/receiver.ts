/**
 * @module A loopback HTTP receiver for the notification tests: records every request and
 * answers with what the test's responder says.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Never answer (to test timeouts). */
  hang?: boolean;
  /** Answer after this many milliseconds. */
  delayMs?: number;
}

export interface Receiver {
  base: string;
  requests: ReceivedRequest[];
  /** The hosts the services meant to reach, as resolveEndpoint saw them. */
  targets: URL[];
  resolveEndpoint: (url: URL) => URL;
  close(): Promise<void>;
}

export async function startReceiver(
  responder: (req: ReceivedRequest) => Reply = () => ({}),
): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const targets: URL[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const received = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(received);
      const reply = responder(received);
      if (reply.hang === true) return;
      const answer = (): void => {
        res.writeHead(reply.status ?? 200, reply.headers ?? {});
        res.end(reply.body ?? "");
      };
      if (reply.delayMs === undefined) answer();
      else setTimeout(answer, reply.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  return {
    base,
    requests,
    targets,
    resolveEndpoint: (url) => {
      targets.push(url);
      return new URL(`${url.pathname}${url.search}`, base);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
