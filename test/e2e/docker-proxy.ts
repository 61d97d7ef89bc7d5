/**
 * @module A loopback TCP → unix-socket pipe, so the client's plain `tcp://` transport can be tested
 * against the private dockerd (which listens on TCP only with mutual TLS).
 */
import { connect, createServer } from "node:net";
import type { Socket } from "node:net";

export interface SocketProxy {
  /** `tcp://127.0.0.1:PORT` */
  host: string;
  close(): Promise<void>;
}

export async function startUnixSocketProxy(socketPath: string): Promise<SocketProxy> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(socketPath);
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const drop = (socket: Socket) => () => {
      sockets.delete(socket);
      client.destroy();
      upstream.destroy();
    };
    client.on("close", drop(client)).on("error", drop(client));
    upstream.on("close", drop(upstream)).on("error", drop(upstream));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("proxy has no TCP address");
  return {
    host: `tcp://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}
