import { createSocket, type Socket as UdpSocket } from "node:dgram";
import { createServer, type Socket } from "node:net";
import type { Logger } from "../../observability/logger";
import type { Dc09Handler } from "./handler";
import { createFrameSplitter, type Piece } from "./splitter";

// TCP and UDP listeners on one port number (DC-09 §5.3: either transport). Over TCP a panel
// keeps its connection and may pipeline frames; answers go back in the order the frames came.
// Over UDP each datagram is one message and is answered to its sender.

/** Frames in flight on one connection before reading pauses (backpressure on floods). */
const MAX_IN_FLIGHT_PER_CONNECTION = 256;

export interface TransportOptions {
  host: string;
  port: number;
  maxFrameBytes: number;
  idleTimeoutMs: number;
}

export interface Listeners {
  tcpPort: number;
  udpPort: number;
  close(): Promise<void>;
}

export async function listen(handler: Dc09Handler, opts: TransportOptions, logger: Logger): Promise<Listeners> {
  const inflight = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>): Promise<T> => {
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
    return p;
  };
  const answer = (piece: Piece, remote: string): Promise<Buffer> =>
    track(piece.kind === "frame" ? handler.handle(piece.bytes, remote) : handler.refuseRaw(piece.bytes, piece.reason, remote));

  const sockets = new Set<Socket>();
  const server = createServer({ allowHalfOpen: true }, (socket) => serveTcp(socket, answer, opts, sockets, handler));
  server.on("error", (err) => logger.error("dc09 tcp server error", { err: String(err) }));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const tcpPort = (server.address() as { port: number }).port;
  let udp: UdpSocket;
  try {
    udp = await bindUdp(opts.host, tcpPort, answer, opts.maxFrameBytes, logger);
  } catch (err) {
    server.close();
    throw err;
  }
  return {
    tcpPort,
    udpPort: tcpPort,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      await Promise.allSettled([...inflight]);
      await new Promise<void>((resolve) => udp.close(() => resolve()));
    },
  };
}

function serveTcp(
  socket: Socket, answer: (p: Piece, remote: string) => Promise<Buffer>, opts: TransportOptions, sockets: Set<Socket>, handler: Dc09Handler,
): void {
  const remote = `tcp:${socket.remoteAddress}:${socket.remotePort}`;
  const splitter = createFrameSplitter(opts.maxFrameBytes);
  let tail: Promise<void> = Promise.resolve();
  let inFlight = 0;
  sockets.add(socket);
  handler.metrics.connections.set(sockets.size);
  socket.setNoDelay(true);
  socket.setTimeout(opts.idleTimeoutMs, () => socket.destroy());
  const send = (pieces: Piece[]) => {
    for (const piece of pieces) {
      const reply = answer(piece, remote);
      inFlight++;
      if (inFlight >= MAX_IN_FLIGHT_PER_CONNECTION) socket.pause();
      tail = tail.then(async () => {
        const buf = await reply;
        if (!socket.destroyed) socket.write(buf);
        if (--inFlight < MAX_IN_FLIGHT_PER_CONNECTION) socket.resume();
      }).catch(() => void socket.destroy());
    }
  };
  socket.on("data", (chunk: Buffer) => send(splitter.push(chunk)));
  socket.on("end", () => {
    send(splitter.end());
    void tail.then(() => socket.end());
  });
  socket.on("error", () => socket.destroy()); // resets are normal for panels; nothing to report
  socket.on("close", () => {
    sockets.delete(socket);
    handler.metrics.connections.set(sockets.size);
  });
}

async function bindUdp(
  host: string, port: number, answer: (p: Piece, remote: string) => Promise<Buffer>, maxFrameBytes: number, logger: Logger,
): Promise<UdpSocket> {
  const udp = createSocket({ type: host.includes(":") ? "udp6" : "udp4" });
  udp.on("message", (msg, rinfo) => {
    const remote = `udp:${rinfo.address}:${rinfo.port}`;
    const splitter = createFrameSplitter(maxFrameBytes);
    for (const piece of [...splitter.push(msg), ...splitter.end()]) {
      void answer(piece, remote).then((buf) => udp.send(buf, rinfo.port, rinfo.address, () => undefined));
    }
  });
  await new Promise<void>((resolve, reject) => {
    udp.once("error", reject);
    udp.bind(port, host, () => {
      udp.off("error", reject);
      resolve();
    });
  });
  udp.on("error", (err) => logger.error("dc09 udp socket error", { err: String(err) }));
  return udp;
}
