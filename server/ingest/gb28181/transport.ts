import { createSocket, type Socket as UdpSocket } from "node:dgram";
import { createServer, type Server, type Socket as TcpSocket } from "node:net";
import { createSipStreamFramer, MAX_SIP_MESSAGE_BYTES } from "./sip-framer";

// SIP over UDP and TCP on one port (RFC 3261 §18: a server listens on both). With port 0 the
// UDP socket picks the port and TCP binds the same number, retrying when another process
// already holds it. A TCP connection stays open so the platform can send its own requests
// (Catalog, DeviceStatus) back over it, as GB/T 28181 devices on TCP expect.

export interface SipRemote {
  transport: "udp" | "tcp";
  address: string;
  port: number;
  /** Set for TCP: the connection the message came on. */
  socket?: TcpSocket;
}

export const remoteKey = (r: SipRemote): string => `${r.transport}:${r.address}:${r.port}`;

export interface SipTransportHandlers {
  onMessage(bytes: Buffer, remote: SipRemote): void;
  /** A TCP stream that cannot be framed (the connection is closed afterwards). */
  onStreamError(reason: string, bytes: Buffer, remote: SipRemote): void;
}

export interface SipTransport {
  port: number;
  send(remote: SipRemote, bytes: Buffer): void;
  stop(): Promise<void>;
}

const BIND_ATTEMPTS = 20;

function bindUdp(host: string, port: number): Promise<UdpSocket> {
  return new Promise((resolve, reject) => {
    const s = createSocket(host.includes(":") ? "udp6" : "udp4");
    s.once("error", reject);
    s.bind(port, host, () => {
      s.off("error", reject);
      resolve(s);
    });
  });
}

function listenTcp(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

async function bindPair(host: string, port: number, server: Server): Promise<UdpSocket> {
  let lastErr: unknown;
  for (let attempt = 0; attempt < (port === 0 ? BIND_ATTEMPTS : 1); attempt++) {
    const udp = await bindUdp(host, port);
    try {
      await listenTcp(server, host, udp.address().port);
      return udp;
    } catch (err) {
      lastErr = err;
      udp.close();
    }
  }
  throw lastErr;
}

export async function startSipTransport(host: string, port: number, h: SipTransportHandlers): Promise<SipTransport> {
  const connections = new Set<TcpSocket>();
  const server = createServer((socket) => {
    connections.add(socket);
    const remote: SipRemote = { transport: "tcp", address: socket.remoteAddress ?? "", port: socket.remotePort ?? 0, socket };
    const framer = createSipStreamFramer();
    socket.on("data", (data) => {
      for (const chunk of framer.push(data)) {
        if (chunk.kind === "message") h.onMessage(chunk.bytes, remote);
        else if (chunk.kind === "ping") socket.write("\r\n"); // RFC 5626 §4.4.1 pong
        else {
          h.onStreamError(chunk.reason, chunk.bytes, remote);
          socket.end();
        }
      }
    });
    socket.on("error", () => socket.destroy());
    socket.on("close", () => connections.delete(socket));
  });
  const udp = await bindPair(host, port, server);
  udp.on("message", (bytes, rinfo) => {
    if (bytes.length > MAX_SIP_MESSAGE_BYTES) {
      h.onStreamError("oversized: datagram", bytes.subarray(0, MAX_SIP_MESSAGE_BYTES), { transport: "udp", address: rinfo.address, port: rinfo.port });
      return;
    }
    // Bare CRLF keep-alives on UDP carry no message (RFC 5626 §3.5.1).
    if (/^[\r\n]*$/.test(bytes.toString("latin1"))) return;
    h.onMessage(bytes, { transport: "udp", address: rinfo.address, port: rinfo.port });
  });
  udp.on("error", () => undefined); // ICMP port-unreachable on send must not kill the listener
  return {
    port: udp.address().port,
    send(remote, bytes) {
      if (remote.transport === "udp") udp.send(bytes, remote.port, remote.address);
      else if (remote.socket && !remote.socket.destroyed) remote.socket.write(bytes);
    },
    async stop() {
      for (const c of connections) c.destroy();
      await Promise.all([
        new Promise<void>((resolve) => server.close(() => resolve())),
        new Promise<void>((resolve) => udp.close(() => resolve())),
      ]);
    },
  };
}
