/**
 * @module What the benchmarks share: a bounded pool, a loopback proxy that delays every request,
 * and a plain-text table. Benchmarks print figures; none of this is a test.
 */
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** Runs `work` over `items` with at most `limit` at once. */
export async function pool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export interface DelayProxy {
  /** `127.0.0.1:<port>`: use it where the registry's host would go. */
  host: string;
  stop(): Promise<void>;
}

/** A loopback proxy to `target` (`host:port`) that holds every request `delayMs` before forwarding it. */
export async function delayProxy(target: string, delayMs: number): Promise<DelayProxy> {
  const [hostname, port] = target.split(":");
  const server: Server = createServer((req, res) => {
    setTimeout(() => {
      const upstream = httpRequest(
        {
          hostname: hostname === "localhost" ? "127.0.0.1" : hostname,
          port,
          path: req.url,
          method: req.method,
          headers: req.headers,
        },
        (response) => {
          res.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(res);
        },
      );
      upstream.on("error", () => res.destroy());
      req.pipe(upstream);
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${String(address.port)}`,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Prints `rows` under `header`, each column padded to its widest cell. */
export function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] ?? "").length)),
  );
  const format = (cells: readonly string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ");
  process.stdout.write(`${format(header)}\n${format(widths.map((w) => "-".repeat(w)))}\n`);
  for (const row of rows) process.stdout.write(`${format(row)}\n`);
}
