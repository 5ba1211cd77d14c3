import { randomBytes } from "node:crypto";
import { digestResponse, parseDigestHeader } from "../../server/ingest/gb28181/digest";
import { gbDateTime } from "../../server/ingest/gb28181/gb-time";
import {
  buildAlarmNotify, buildCatalogResponse, buildDeviceInfoResponse, buildDeviceStatusResponse, buildKeepalive,
  MANSCDP_CONTENT_TYPE, type AlarmOut, type CatalogItemOut,
} from "../../server/ingest/gb28181/manscdp-build";
import { parseManscdp } from "../../server/ingest/gb28181/manscdp";
import { buildResponse } from "../../server/ingest/gb28181/sip-response";
import { header, type SipMessage } from "../../server/ingest/gb28181/sip-message";
import { openSipEndpoint, type SipEndpoint } from "./sip-endpoint";

// A GB/T 28181 IP camera or NVR: registers with digest auth (§9.1.2), refreshes the
// registration before it expires, sends keepalives (§9.3), answers Catalog (paged, §9.5.1),
// DeviceStatus and DeviceInfo queries, and raises alarms (§9.4). It can go silent or be given
// a wrong password to exercise the platform's fault paths. Problems are reported through
// `onProblem` and retried after a delay, never thrown out of the timers.

export interface Gb28181DeviceOptions {
  serverHost: string;
  serverPort: number;
  transport?: "udp" | "tcp";
  /** 20-digit device id; type code 118 (NVR) or 132 (IPC) by convention. */
  deviceId: string;
  password: string;
  /** Platform id and realm; defaults follow the device's 10-digit domain. */
  serverId?: string;
  realm?: string;
  channels?: number;
  catalogPageSize?: number;
  keepaliveIntervalS?: number;
  registerExpiresS?: number;
  retryDelayMs?: number;
  t1Ms?: number;
  manufacturer?: string;
  model?: string;
  /** Per-channel position; channel i (0-based) → [lonDeg, latDeg]. */
  channelLonLat?: (index: number) => [number, number] | null;
  timeZone?: string;
  onProblem?: (problem: { key: string; message: string }) => void;
}

export interface Gb28181Device {
  readonly deviceId: string;
  readonly channelIds: readonly string[];
  /** Opens the socket and registers; resolves with the final REGISTER status (200 on success). */
  start(): Promise<number>;
  register(expiresS?: number): Promise<number>;
  sendKeepalive(): Promise<number>;
  sendAlarm(alarm: Partial<AlarmOut> & { channel?: number }): Promise<number>;
  /** Silent: no keepalives and no registration refresh (a dead camera). */
  setSilent(silent: boolean): void;
  setPassword(password: string): void;
  isRegistered(): boolean;
  /** Unregisters (Expires: 0) unless told not to, then closes the socket. */
  stop(opts?: { unregister?: boolean }): Promise<void>;
}

/** Channel codes: same 10-digit domain, type 131 (camera), serial numbered from 1. */
export function channelIdsFor(deviceId: string, count: number): string[] {
  if (count === 1 && deviceId.slice(10, 13) === "132") return [deviceId];
  return Array.from({ length: count }, (_, i) => `${deviceId.slice(0, 10)}1310${String(i + 1 + Number(deviceId.slice(14)) * 1000).slice(-6).padStart(6, "0")}`);
}

export function createGb28181Device(o: Gb28181DeviceOptions): Gb28181Device {
  const realm = o.realm ?? o.deviceId.slice(0, 10);
  const serverId = o.serverId ?? `${realm}2000000001`;
  const channelIds = channelIdsFor(o.deviceId, o.channels ?? 1);
  const timeZone = o.timeZone ?? "Asia/Shanghai";
  const keepaliveMs = (o.keepaliveIntervalS ?? 60) * 1000;
  const report = o.onProblem ?? (() => undefined);
  let password = o.password;
  let ep: SipEndpoint | null = null;
  let registered = false;
  let silent = false;
  let stopped = false;
  let sn = 1;
  let cseq = 1;
  const callId = `${randomBytes(8).toString("hex")}@${o.deviceId}`;
  const fromTag = randomBytes(6).toString("hex");
  let keepaliveTimer: NodeJS.Timeout | null = null;
  let refreshTimer: NodeJS.Timeout | null = null;

  const endpoint = () => {
    if (!ep) throw new Error(`Simulator ${o.deviceId} is not started`);
    return ep;
  };
  const me = `<sip:${o.deviceId}@${realm}>`;
  const platform = `sip:${serverId}@${realm}`;

  async function registerOnce(expiresS: number, authorization?: string): Promise<SipMessage> {
    const e = endpoint();
    return e.request({
      start: { kind: "request", method: "REGISTER", uri: platform },
      headers: [
        ["From", `${me};tag=${fromTag}`], ["To", me], ["Call-ID", callId], ["CSeq", `${cseq++} REGISTER`],
        ["Contact", `<sip:${o.deviceId}@${e.localHost}:${e.localPort}>`], ["Max-Forwards", "70"],
        ["User-Agent", "CampusTwin-GB28181-Sim"], ["Expires", String(expiresS)],
        ...(authorization ? ([["Authorization", authorization]] as Array<[string, string]>) : []),
      ],
      body: Buffer.alloc(0),
    });
  }

  async function register(expiresS = o.registerExpiresS ?? 3600): Promise<number> {
    let res = await registerOnce(expiresS);
    if (res.start.kind === "response" && res.start.status === 401) {
      const challenge = parseDigestHeader(header(res, "WWW-Authenticate") ?? "");
      if (!challenge?.nonce) throw new Error(`Platform sent 401 without a digest challenge to ${o.deviceId}`);
      const cnonce = randomBytes(8).toString("hex");
      const qop = challenge.qop?.split(",").map((s) => s.trim()).includes("auth") ? "auth" : undefined;
      const nc = "00000001";
      const response = digestResponse({ username: o.deviceId, realm: challenge.realm ?? realm, password, method: "REGISTER", uri: platform, nonce: challenge.nonce, qop, nc, cnonce });
      const auth = `Digest username="${o.deviceId}", realm="${challenge.realm ?? realm}", nonce="${challenge.nonce}", uri="${platform}", response="${response}", algorithm=MD5`
        + (qop ? `, qop=auth, nc=${nc}, cnonce="${cnonce}"` : "") + (challenge.opaque ? `, opaque="${challenge.opaque}"` : "");
      res = await registerOnce(expiresS, auth);
    }
    const status = res.start.kind === "response" ? res.start.status : 0;
    registered = status === 200 && expiresS > 0;
    if (registered) scheduleRefresh(Number(header(res, "Expires") ?? expiresS));
    return status;
  }

  function scheduleRefresh(grantedS: number): void {
    if (refreshTimer) clearTimeout(refreshTimer);
    // Refresh at 80 % of the granted time, as devices do, so the registration never lapses.
    refreshTimer = setTimeout(() => void reRegister(), Math.max(1000, grantedS * 800));
  }

  async function reRegister(): Promise<void> {
    if (stopped || silent) return;
    const status = await register().catch((err: Error) => (report({ key: "register", message: err.message }), 0));
    if (status !== 200) {
      report({ key: "register", message: `REGISTER answered ${status}` });
      refreshTimer = setTimeout(() => void reRegister(), o.retryDelayMs ?? 5000);
    }
  }

  async function sendManscdp(xml: string): Promise<number> {
    const res = await endpoint().request({
      start: { kind: "request", method: "MESSAGE", uri: platform },
      headers: [
        ["From", `${me};tag=${randomBytes(6).toString("hex")}`], ["To", `<${platform}>`],
        ["Call-ID", `${randomBytes(8).toString("hex")}@${o.deviceId}`], ["CSeq", `${cseq++} MESSAGE`],
        ["Max-Forwards", "70"], ["Content-Type", MANSCDP_CONTENT_TYPE],
      ],
      body: Buffer.from(xml, "utf8"),
    });
    return res.start.kind === "response" ? res.start.status : 0;
  }

  async function keepaliveTick(): Promise<void> {
    if (stopped || silent || !registered) return;
    const status = await sendManscdp(buildKeepalive(sn++, o.deviceId)).catch((err: Error) => (report({ key: "keepalive", message: err.message }), 0));
    // 404: the platform forgot us (restart, timeout); register again (GB/T 28181 §9.3.2).
    if (status === 404) {
      registered = false;
      await reRegister();
    }
  }

  function catalogItems(): CatalogItemOut[] {
    return channelIds.map((id, i) => {
      const ll = o.channelLonLat?.(i) ?? null;
      return {
        deviceId: id, name: `Camera ${i + 1}`, manufacturer: o.manufacturer ?? "CampusTwin", model: o.model ?? "SIM-IPC",
        owner: "Owner", civilCode: realm.slice(0, 6), address: `Channel ${i + 1}`, parentId: o.deviceId, status: "ON",
        ...(ll ? { longitudeDeg: ll[0], latitudeDeg: ll[1] } : {}),
      };
    });
  }

  async function answerQuery(msg: SipMessage): Promise<void> {
    const e = endpoint();
    const remote = { transport: e.transport, address: o.serverHost, port: o.serverPort };
    let doc;
    try {
      doc = parseManscdp(msg.body, header(msg, "Content-Type"));
    } catch {
      const bad = buildResponse(msg, 400, remote);
      if (bad) e.sendRaw(bad);
      return;
    }
    const ok = buildResponse(msg, 200, remote);
    if (ok) e.sendRaw(ok);
    if (doc.root !== "Query") return;
    if (doc.cmdType === "Catalog") {
      const items = catalogItems();
      const pageSize = Math.max(1, o.catalogPageSize ?? 10);
      if (items.length === 0) await sendManscdp(buildCatalogResponse(doc.sn, o.deviceId, 0, []));
      for (let i = 0; i < items.length; i += pageSize) {
        await sendManscdp(buildCatalogResponse(doc.sn, o.deviceId, items.length, items.slice(i, i + pageSize)));
      }
    } else if (doc.cmdType === "DeviceStatus") {
      await sendManscdp(buildDeviceStatusResponse(doc.sn, o.deviceId, { online: true, recording: false, deviceTime: gbDateTime(new Date(), timeZone, false) }));
    } else if (doc.cmdType === "DeviceInfo") {
      await sendManscdp(buildDeviceInfoResponse(doc.sn, o.deviceId, {
        name: `GB device ${o.deviceId}`, manufacturer: o.manufacturer ?? "CampusTwin", model: o.model ?? "SIM-NVR", firmware: "1.0.0", channels: channelIds.length,
      }));
    }
  }

  return {
    deviceId: o.deviceId,
    channelIds,
    async start() {
      stopped = false;
      ep = await openSipEndpoint({
        transport: o.transport ?? "udp", serverHost: o.serverHost, serverPort: o.serverPort, t1Ms: o.t1Ms,
        onRequest: (msg) => void answerQuery(msg).catch((err: Error) => report({ key: "query", message: err.message })),
      });
      keepaliveTimer = setInterval(() => void keepaliveTick(), keepaliveMs);
      const status = await register().catch((err: Error) => (report({ key: "register", message: err.message }), 0));
      if (status !== 200) {
        report({ key: "register", message: `REGISTER answered ${status}` });
        refreshTimer = setTimeout(() => void reRegister(), o.retryDelayMs ?? 5000);
      }
      return status;
    },
    register,
    sendKeepalive: () => sendManscdp(buildKeepalive(sn++, o.deviceId)),
    sendAlarm(a) {
      const channel = channelIds[a.channel ?? 0] ?? o.deviceId;
      return sendManscdp(buildAlarmNotify(sn++, channel, {
        priority: a.priority ?? 2, method: a.method ?? 5, type: a.type ?? 2,
        time: a.time ?? gbDateTime(new Date(), timeZone, false), description: a.description,
      }));
    },
    setSilent(s) {
      silent = s;
    },
    setPassword(p) {
      password = p;
    },
    isRegistered: () => registered,
    async stop({ unregister = true } = {}) {
      stopped = true;
      if (keepaliveTimer) clearInterval(keepaliveTimer);
      if (refreshTimer) clearTimeout(refreshTimer);
      if (unregister && registered && ep) await register(0).catch(() => 0);
      registered = false;
      await ep?.close();
      ep = null;
    },
  };
}
