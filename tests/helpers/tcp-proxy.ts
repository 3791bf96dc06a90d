/**
 * A TCP relay on loopback that can be switched into a silent network partition: from `partition()`
 * on, bytes from either side are read and thrown away, and neither side's close is passed on, so both
 * ends keep an open socket and hear nothing — like packets vanishing on a broken link, not like a
 * refused or reset connection (which a client notices at once). Connections made during a partition
 * are accepted and hear nothing too.
 */
import { createServer, connect as dial, type Server, type Socket } from "node:net";

export interface TcpProxy {
  /** The port to connect to instead of the target's. */
  port: number;
  partition(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, targetHost = "127.0.0.1"): Promise<TcpProxy> {
  let partitioned = false;
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    // A reset after the test is over is expected; unhandled it would be an uncaught error.
    socket.on("error", () => socket.destroy());
    socket.on("close", () => sockets.delete(socket));
  };
  const relay = (from: Socket, to: Socket) => {
    from.on("data", (chunk: Buffer) => {
      if (!partitioned) to.write(chunk);
    });
    from.on("close", () => {
      if (!partitioned) to.destroy();
    });
  };
  const server: Server = createServer((downstream) => {
    const upstream = dial(targetPort, targetHost);
    track(downstream);
    track(upstream);
    relay(downstream, upstream);
    relay(upstream, downstream);
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("tcp proxy has no port");
  return {
    port: address.port,
    partition: () => {
      partitioned = true;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((closed) => server.close(() => closed()));
    },
  };
}
