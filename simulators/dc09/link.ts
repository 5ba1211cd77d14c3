import { createSocket, type Socket as UdpSocket } from "node:dgram";
import { connect, type Socket } from "node:net";
import { createFrameSplitter } from "../../server/ingest/dc09/splitter";

// The panel's side of the wire: one TCP connection (opened on demand, reopened after the
// receiver goes away) or one UDP socket. Every complete frame that comes back is handed to
// `onReply`; the panel matches it to what it sent.

export interface LinkOptions {
  host: string;
  port: number;
  transport: "tcp" | "udp";
  onReply(frame: Buffer): void;
}

export interface Link {
  /** Sends bytes; connects first when needed. Rejects when the receiver cannot be reached. */
  send(bytes: Buffer): Promise<void>;
  close(): Promise<void>;
}

export function createLink(opts: LinkOptions): Link {
  return opts.transport === "udp" ? udpLink(opts) : tcpLink(opts);
}

function tcpLink(opts: LinkOptions): Link {
  let socket: Socket | null = null;
  let connecting: Promise<Socket> | null = null;
  let closed = false;

  const open = (): Promise<Socket> => {
    connecting ??= new Promise<Socket>((resolve, reject) => {
      const s = connect({ host: opts.host, port: opts.port, noDelay: true });
      const splitter = createFrameSplitter(1 << 16);
      s.once("connect", () => {
        s.off("error", reject);
        s.on("error", () => s.destroy());
        socket = s;
        resolve(s);
      });
      s.once("error", reject);
      s.on("data", (chunk: Buffer) => {
        for (const p of splitter.push(chunk)) if (p.kind === "frame") opts.onReply(p.bytes);
      });
      s.on("close", () => {
        if (socket === s) socket = null;
      });
    }).finally(() => (connecting = null));
    return connecting;
  };

  return {
    async send(bytes) {
      if (closed) throw new Error("DC-09 link is closed");
      const s = socket ?? (await open());
      await new Promise<void>((resolve, reject) => s.write(bytes, (err) => (err ? reject(err) : resolve())));
    },
    async close() {
      closed = true;
      const s = socket;
      if (!s) return;
      await new Promise<void>((resolve) => {
        s.once("close", () => resolve());
        s.end();
        setTimeout(() => s.destroy(), 1000).unref();
      });
    },
  };
}

function udpLink(opts: LinkOptions): Link {
  const udp: UdpSocket = createSocket(opts.host.includes(":") ? "udp6" : "udp4");
  udp.on("message", (msg) => {
    const splitter = createFrameSplitter(1 << 16);
    for (const p of splitter.push(msg)) if (p.kind === "frame") opts.onReply(p.bytes);
  });
  udp.on("error", () => undefined); // ICMP port unreachable while the receiver restarts: retried by the panel
  return {
    send: (bytes) =>
      new Promise<void>((resolve, reject) => udp.send(bytes, opts.port, opts.host, (err) => (err ? reject(err) : resolve()))),
    close: () => new Promise<void>((resolve) => udp.close(() => resolve())),
  };
}
