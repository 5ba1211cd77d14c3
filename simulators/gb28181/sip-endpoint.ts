import { randomBytes } from "node:crypto";
import { createSocket, type Socket as UdpSocket } from "node:dgram";
import { connect, type Socket as TcpSocket } from "node:net";
import { createSipStreamFramer } from "../../server/ingest/gb28181/sip-framer";
import {
  headerAll, parseSipMessage, parseVia, serializeSipMessage, type SipMessage,
} from "../../server/ingest/gb28181/sip-message";

// The device side of SIP: one UDP socket or one TCP connection to the platform, non-INVITE
// client transactions (RFC 3261 §17.1.2: retransmit over UDP at T1 doubling to T2, give up
// after Timer F) and delivery of the platform's own requests to a handler.

export class SipTimeoutError extends Error {
  override name = "SipTimeoutError";
}

export interface SipEndpoint {
  transport: "udp" | "tcp";
  localHost: string;
  localPort: number;
  /** Sends a request; fills Via (with a new branch) and Content-Length; resolves with the final response. */
  request(msg: Omit<SipMessage, "headers"> & { headers: Array<[string, string]> }): Promise<SipMessage>;
  /** Sends bytes as they are (responses, deliberately broken frames). */
  sendRaw(bytes: Buffer): void;
  close(): Promise<void>;
}

export interface EndpointOptions {
  transport: "udp" | "tcp";
  serverHost: string;
  serverPort: number;
  localHost?: string;
  t1Ms?: number;
  onRequest(msg: SipMessage): void;
}

interface Tx {
  resolve(m: SipMessage): void;
  reject(e: Error): void;
  timers: NodeJS.Timeout[];
}

export async function openSipEndpoint(o: EndpointOptions): Promise<SipEndpoint> {
  const localHost = o.localHost ?? "127.0.0.1";
  const t1Ms = o.t1Ms ?? 500;
  const pending = new Map<string, Tx>();
  let udp: UdpSocket | null = null;
  let tcp: TcpSocket | null = null;

  const deliver = (bytes: Buffer) => {
    let msg: SipMessage;
    try {
      msg = parseSipMessage(bytes, o.transport === "udp");
    } catch {
      return; // a device ignores what it cannot parse
    }
    if (msg.start.kind === "request") return o.onRequest(msg);
    if (msg.start.status < 200) return;
    const branch = parseVia(headerAll(msg, "Via")[0] ?? "")?.params.branch;
    const tx = branch ? pending.get(branch) : undefined;
    if (!tx || !branch) return;
    pending.delete(branch);
    for (const t of tx.timers) clearTimeout(t);
    tx.resolve(msg);
  };

  if (o.transport === "udp") {
    udp = createSocket("udp4");
    await new Promise<void>((resolve, reject) => {
      udp!.once("error", reject);
      udp!.bind(0, localHost, () => resolve());
    });
    udp.on("message", (b) => deliver(b));
    udp.on("error", () => undefined);
  } else {
    const framer = createSipStreamFramer();
    tcp = connect({ host: o.serverHost, port: o.serverPort, localAddress: localHost });
    await new Promise<void>((resolve, reject) => {
      tcp!.once("error", reject);
      tcp!.once("connect", () => resolve());
    });
    tcp.on("data", (d) => {
      for (const c of framer.push(d)) if (c.kind === "message") deliver(c.bytes);
    });
    tcp.on("error", () => undefined);
  }
  const localPort = udp ? udp.address().port : tcp!.localPort!;
  const sendRaw = (bytes: Buffer) => {
    if (udp) udp.send(bytes, o.serverPort, o.serverHost);
    else if (tcp && !tcp.destroyed) tcp.write(bytes);
  };

  return {
    transport: o.transport, localHost, localPort, sendRaw,
    request(msg) {
      const branch = `z9hG4bK${randomBytes(8).toString("hex")}`;
      const via: [string, string] = ["Via", `SIP/2.0/${o.transport.toUpperCase()} ${localHost}:${localPort};rport;branch=${branch}`];
      const bytes = serializeSipMessage({ ...msg, headers: [via, ...msg.headers.filter(([n]) => n !== "Via")] });
      return new Promise<SipMessage>((resolve, reject) => {
        const timers: NodeJS.Timeout[] = [];
        pending.set(branch, { resolve, reject, timers });
        sendRaw(bytes);
        if (udp) {
          let atMs = 0;
          for (let gap = t1Ms; atMs + gap < 64 * t1Ms; gap = Math.min(gap * 2, 4000)) timers.push(setTimeout(() => sendRaw(bytes), (atMs += gap)));
        }
        timers.push(setTimeout(() => {
          pending.delete(branch);
          for (const t of timers) clearTimeout(t);
          reject(new SipTimeoutError(`No response to ${msg.start.kind === "request" ? msg.start.method : "?"} within ${64 * t1Ms} ms`));
        }, 64 * t1Ms));
      });
    },
    async close() {
      for (const [branch, tx] of pending) {
        for (const t of tx.timers) clearTimeout(t);
        pending.delete(branch);
        tx.reject(new SipTimeoutError("endpoint closed"));
      }
      if (udp) await new Promise<void>((resolve) => udp!.close(() => resolve()));
      if (tcp) tcp.destroy();
    },
  };
}
