import { createHash, randomBytes } from "node:crypto";
import { createSocket, type Socket as UdpSocket } from "node:dgram";
import { connect, type Socket as TcpSocket } from "node:net";
import { createEventLog, type EventLog } from "../../server/events/log";
import { createGb28181Ingest, type RunningGb28181 } from "../../server/ingest/gb28181/platform";
import type { Gb28181Options } from "../../server/ingest/gb28181/options";
import { createDeadLetters } from "../../server/observability/dead-letters";
import { silentLogger } from "../../server/observability/logger";
import { createMetrics, type Metrics } from "../../server/observability/metrics";
import { createTestDb, type TestDb } from "../support/db";

// Test rig for the GB/T 28181 platform: a migrated test database with one campus, the
// platform on port 0, and a raw SIP client that parses answers with its own few regexes and
// computes digests straight from RFC 2617 §3.2.2 with node:crypto, independent of the code
// under test.

export const PLATFORM_ID = "34020000002000000001";
export const REALM = "3402000000";
export const PASSWORD = "12345678";
export const CAMPUS = { id: "c1", name: "Test campus", originLat: 31.2304, originLon: 121.4737 };

export interface Rig {
  t: TestDb;
  events: EventLog;
  metrics: Metrics;
  running: RunningGb28181;
  port: number;
  close(): Promise<void>;
}

export async function startRig(over: Partial<Gb28181Options> = {}, wrapEvents: (log: EventLog) => EventLog = (l) => l): Promise<Rig> {
  const t = await createTestDb();
  await t.db.prisma.campus.create({ data: { ...CAMPUS, boundaryJson: "[]" } });
  const metrics = createMetrics();
  const events = createEventLog(t.db);
  const deadLetters = createDeadLetters(t.db, metrics);
  const running = await createGb28181Ingest(
    { db: t.db, events: wrapEvents(events), deadLetters, metrics, logger: silentLogger },
    { host: "127.0.0.1", port: 0, platformId: PLATFORM_ID, realm: REALM, password: PASSWORD, t1Ms: 100, ...over },
  ).start();
  return {
    t, events, metrics, running, port: running.ports.sip!,
    async close() {
      await running.stop();
      await events.close();
      await t.drop();
    },
  };
}

export const md5 = (s: string) => createHash("md5").update(s).digest("hex");

/** RFC 2617 §3.2.2.1 with qop=auth. */
export function rfc2617(user: string, realm: string, pass: string, method: string, uri: string, nonce: string, nc: string, cnonce: string): string {
  return md5(`${md5(`${user}:${realm}:${pass}`)}:${nonce}:${nc}:${cnonce}:auth:${md5(`${method}:${uri}`)}`);
}

export interface Reply {
  status: number;
  reason: string;
  text: string;
  header(name: string): string | undefined;
  headers(name: string): string[];
}

export function parseReply(text: string): Reply {
  const [head = ""] = text.split("\r\n\r\n");
  const lines = head.split("\r\n");
  const m = /^SIP\/2\.0 (\d{3}) (.*)$/.exec(lines[0] ?? "");
  const all = (name: string) => lines.slice(1).filter((l) => l.toLowerCase().startsWith(name.toLowerCase() + ":")).map((l) => l.slice(l.indexOf(":") + 1).trim());
  return { status: m ? Number(m[1]) : 0, reason: m?.[2] ?? "", text, header: (n) => all(n)[0], headers: all };
}

/** A raw SIP client on UDP or TCP that collects whatever the platform sends. */
export interface RawClient {
  port: number;
  send(text: string | Buffer): void;
  /** Next message received (response or request), waiting up to `timeoutMs`. */
  next(timeoutMs?: number): Promise<string>;
  /** Next response, skipping the platform's own requests (its Catalog/DeviceInfo queries). */
  nextResponse(timeoutMs?: number): Promise<Reply>;
  /** Resolves with null when no response arrives within `ms` (the platform's requests are ignored). */
  quiet(ms: number): Promise<string | null>;
  close(): void;
}

export async function rawClient(transport: "udp" | "tcp", serverPort: number): Promise<RawClient> {
  const inbox: string[] = [];
  const waiters: Array<(s: string) => void> = [];
  let tcpBuf = "";
  const push = (s: string) => (waiters.length ? waiters.shift()!(s) : inbox.push(s));
  let udp: UdpSocket | null = null;
  let tcp: TcpSocket | null = null;
  if (transport === "udp") {
    udp = createSocket("udp4");
    await new Promise<void>((r) => udp!.bind(0, "127.0.0.1", () => r()));
    udp.on("message", (b) => push(b.toString("latin1")));
  } else {
    tcp = connect({ host: "127.0.0.1", port: serverPort });
    await new Promise<void>((r) => tcp!.once("connect", () => r()));
    tcp.on("data", (d) => {
      tcpBuf += d.toString("latin1");
      for (;;) {
        const end = tcpBuf.indexOf("\r\n\r\n");
        if (end < 0) return;
        const len = Number(/\r\ncontent-length:\s*(\d+)/i.exec(tcpBuf.slice(0, end))?.[1] ?? 0);
        if (tcpBuf.length < end + 4 + len) return;
        push(tcpBuf.slice(0, end + 4 + len));
        tcpBuf = tcpBuf.slice(end + 4 + len);
      }
    });
    tcp.on("error", () => undefined);
  }
  const next = (timeoutMs = 3000) => new Promise<string>((resolve, reject) => {
    if (inbox.length) return resolve(inbox.shift()!);
    const waiter = (s: string) => (clearTimeout(timer), resolve(s));
    const timer = setTimeout(() => {
      waiters.splice(waiters.indexOf(waiter), 1);
      reject(new Error(`no SIP message within ${timeoutMs} ms`));
    }, timeoutMs);
    waiters.push(waiter);
  });
  return {
    port: udp ? udp.address().port : tcp!.localPort!,
    send(text) {
      const b = typeof text === "string" ? Buffer.from(text, "latin1") : text;
      if (udp) udp.send(b, serverPort, "127.0.0.1");
      else tcp!.write(b);
    },
    next,
    async nextResponse(timeoutMs = 3000) {
      for (;;) {
        const m = await next(timeoutMs);
        if (m.startsWith("SIP/2.0 ")) return parseReply(m);
      }
    },
    async quiet(ms) {
      const until = Date.now() + ms;
      for (;;) {
        const left = until - Date.now();
        if (left <= 0) return null;
        const m = await next(left).catch(() => null);
        if (m === null || m.startsWith("SIP/2.0 ")) return m;
      }
    },
    close() {
      udp?.close();
      tcp?.destroy();
    },
  };
}

export interface RequestSpec {
  method: string;
  deviceId: string;
  transport: "udp" | "tcp";
  clientPort: number;
  cseq?: number;
  callId?: string;
  headers?: string[];
  body?: Buffer | string;
  contentType?: string;
  uri?: string;
}

/** Builds a request by hand (CRLF, explicit Content-Length). */
export function sipRequest(s: RequestSpec): Buffer {
  const body = typeof s.body === "string" ? Buffer.from(s.body, "utf8") : s.body ?? Buffer.alloc(0);
  const lines = [
    `${s.method} ${s.uri ?? `sip:${PLATFORM_ID}@${REALM}`} SIP/2.0`,
    `Via: SIP/2.0/${s.transport.toUpperCase()} 127.0.0.1:${s.clientPort};rport;branch=z9hG4bK${randomBytes(6).toString("hex")}`,
    `From: <sip:${s.deviceId}@${REALM}>;tag=${randomBytes(4).toString("hex")}`,
    `To: <sip:${s.method === "REGISTER" ? s.deviceId : PLATFORM_ID}@${REALM}>`,
    `Call-ID: ${s.callId ?? randomBytes(8).toString("hex")}@127.0.0.1`,
    `CSeq: ${s.cseq ?? 1} ${s.method}`,
    "Max-Forwards: 70",
    ...(s.contentType ? [`Content-Type: ${s.contentType}`] : []),
    ...(s.headers ?? []),
    `Content-Length: ${body.length}`,
    "", "",
  ];
  return Buffer.concat([Buffer.from(lines.join("\r\n"), "latin1"), body]);
}

/** Full REGISTER exchange with a qop=auth digest; returns the final reply. */
export async function registerRaw(c: RawClient, transport: "udp" | "tcp", deviceId: string, password = PASSWORD, expiresS = 3600): Promise<Reply> {
  const callId = randomBytes(8).toString("hex");
  const uri = `sip:${PLATFORM_ID}@${REALM}`;
  c.send(sipRequest({ method: "REGISTER", deviceId, transport, clientPort: c.port, callId, cseq: 1, headers: [`Contact: <sip:${deviceId}@127.0.0.1:${c.port}>`, `Expires: ${expiresS}`] }));
  const challenge = await c.nextResponse();
  if (challenge.status !== 401) return challenge;
  const www = challenge.header("WWW-Authenticate") ?? "";
  const nonce = /nonce="([^"]+)"/.exec(www)?.[1] ?? "";
  const opaque = /opaque="([^"]+)"/.exec(www)?.[1];
  const cnonce = randomBytes(4).toString("hex");
  const response = rfc2617(deviceId, REALM, password, "REGISTER", uri, nonce, "00000001", cnonce);
  const auth = `Digest username="${deviceId}", realm="${REALM}", nonce="${nonce}", uri="${uri}", response="${response}", algorithm=MD5, qop=auth, nc=00000001, cnonce="${cnonce}"${opaque ? `, opaque="${opaque}"` : ""}`;
  c.send(sipRequest({ method: "REGISTER", deviceId, transport, clientPort: c.port, callId, cseq: 2, headers: [`Contact: <sip:${deviceId}@127.0.0.1:${c.port}>`, `Expires: ${expiresS}`, `Authorization: ${auth}`] }));
  return c.nextResponse();
}

export const keepaliveXml = (deviceId: string, sn = 1) =>
  `<?xml version="1.0" encoding="UTF-8"?>\r\n<Notify>\r\n<CmdType>Keepalive</CmdType>\r\n<SN>${sn}</SN>\r\n<DeviceID>${deviceId}</DeviceID>\r\n<Status>OK</Status>\r\n</Notify>\r\n`;

/** Polls `check` until it returns a truthy value or `timeoutMs` passes (state, not speed, is asserted). */
export async function eventually<T>(check: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== null && v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
