import { randomBytes } from "node:crypto";
import { MANSCDP_CONTENT_TYPE } from "./manscdp-build";
import { headerAll, parseVia, serializeSipMessage, type SipMessage } from "./sip-message";
import type { SipRemote, SipTransport } from "./transport";

// The platform's own requests (MESSAGE with a Query body) as non-INVITE client transactions
// (RFC 3261 §17.1.2): over UDP retransmitted at T1, 2·T1 … capped at T2 = 4 s until a
// response arrives, given up after Timer F = 64·T1. Responses are matched by the branch of
// the top Via (§17.1.3).

export class SipRequestTimeout extends Error {
  override name = "SipRequestTimeout";
}

interface ClientTransaction {
  resolve(status: number): void;
  timers: NodeJS.Timeout[];
}

export interface Outgoing {
  /** Sends a MANSCDP MESSAGE to a device; resolves with the final status code. */
  sendManscdp(remote: SipRemote, deviceId: string, xml: string): Promise<number>;
  /** Feeds a response received from the network; false when it matches no transaction. */
  onResponse(msg: SipMessage): boolean;
  stop(): void;
}

export function createOutgoing(transport: () => SipTransport, o: { platformId: string; realm: string; host: string; port: () => number; t1Ms: number }): Outgoing {
  const pending = new Map<string, ClientTransaction>();
  let cseq = 1;

  function finish(branch: string, status: number): void {
    const tx = pending.get(branch);
    if (!tx) return;
    pending.delete(branch);
    for (const t of tx.timers) clearTimeout(t);
    tx.resolve(status);
  }

  return {
    sendManscdp(remote, deviceId, xml) {
      const branch = `z9hG4bK${randomBytes(8).toString("hex")}`;
      const target = `sip:${deviceId}@${remote.address}:${remote.port}`;
      const bytes = serializeSipMessage({
        start: { kind: "request", method: "MESSAGE", uri: target },
        headers: [
          ["Via", `SIP/2.0/${remote.transport.toUpperCase()} ${o.host}:${o.port()};rport;branch=${branch}`],
          ["From", `<sip:${o.platformId}@${o.realm}>;tag=${randomBytes(6).toString("hex")}`],
          ["To", `<sip:${deviceId}@${o.realm}>`],
          ["Call-ID", `${randomBytes(10).toString("hex")}@${o.host}`],
          ["CSeq", `${cseq++} MESSAGE`],
          ["Max-Forwards", "70"],
          ["User-Agent", "CampusTwin-GB28181"],
          ["Content-Type", MANSCDP_CONTENT_TYPE],
        ],
        body: Buffer.from(xml, "utf8"),
      });
      return new Promise<number>((resolve, reject) => {
        const timers: NodeJS.Timeout[] = [];
        pending.set(branch, { resolve, timers });
        const send = () => transport().send(remote, bytes);
        send();
        if (remote.transport === "udp") {
          let elapsedMs = 0;
          for (let gapMs = o.t1Ms; elapsedMs + gapMs < 64 * o.t1Ms; gapMs = Math.min(gapMs * 2, 4000)) {
            elapsedMs += gapMs;
            timers.push(setTimeout(send, elapsedMs));
          }
        }
        timers.push(setTimeout(() => {
          pending.delete(branch);
          for (const t of timers) clearTimeout(t);
          reject(new SipRequestTimeout(`No response from ${deviceId} at ${remote.address}:${remote.port} within ${64 * o.t1Ms} ms`));
        }, 64 * o.t1Ms));
      });
    },

    onResponse(msg) {
      if (msg.start.kind !== "response" || msg.start.status < 200) return msg.start.kind === "response";
      const top = headerAll(msg, "Via")[0];
      const branch = top ? parseVia(top)?.params.branch : undefined;
      if (!branch || !pending.has(branch)) return false;
      finish(branch, msg.start.status);
      return true;
    },

    stop() {
      for (const branch of [...pending.keys()]) finish(branch, 0);
    },
  };
}
