import type { IncomingMessage, ServerResponse } from "node:http";
import { SEVERITY, type NewCampusEvent } from "../../contracts/event";
import { GAT_STATUS, type GatStatusCode } from "../../contracts/gat1400";
import type { Counter, Gauge } from "../../observability/metrics";
import type { ImageStore } from "../../store/images";
import type { IngestDeps } from "../types";
import type { DigestAuth } from "./digest";
import type { CameraDirectory } from "./directory";
import { sendJson, status, STATUS_TEXT } from "./http-io";
import type { Session, Sessions } from "./sessions";

// What the GA/T 1400 request handlers share: dependencies, state, metrics, and the helpers
// that answer, dead-letter and count a refusal in one place.

export interface Gat1400Metrics {
  requests: Counter;
  records: Counter;
  refused: Counter;
  images: Counter;
  online: Gauge;
}

export interface Gat1400Context {
  deps: IngestDeps;
  auth: DigestAuth;
  directory: CameraDirectory;
  sessions: Sessions;
  images: ImageStore;
  metrics: Gat1400Metrics;
  viidServerId: string;
  utcOffsetMin: number;
  bodyLimitBytes: number;
  /** Explicitly configured password for a device (or digest username); null → the Device row's, then the default. */
  passwordFor(deviceId: string, username: string): string | null;
  defaultPassword: string | null;
  now(): Date;
  /** Pending liveness transitions by DeviceID (see emitLiveness). */
  livenessChain: Map<string, Promise<void>>;
}

export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  path: string;
  remote: string;
}

export function createGat1400Metrics(deps: IngestDeps): Gat1400Metrics {
  const m = deps.metrics;
  return {
    requests: m.counter("campustwin_gat1400_requests_total", "GA/T 1400 HTTP requests by path and HTTP status"),
    records: m.counter("campustwin_gat1400_records_total", "GA/T 1400 vehicle/face records by kind and result (stored, duplicate, refused)"),
    refused: m.counter("campustwin_gat1400_refused_total", "GA/T 1400 requests or objects refused, by reason"),
    images: m.counter("campustwin_gat1400_images_total", "Pictures received inline in GA/T 1400 records"),
    online: m.gauge("campustwin_gat1400_devices_online", "GA/T 1400 devices registered and online"),
  };
}

/** Answers a refused request with a ResponseStatusObject, counts it, and keeps it as a dead letter. */
export async function refuse(
  ctx: Gat1400Context, ex: Exchange, httpStatus: number, code: GatStatusCode, reason: string,
  raw: Uint8Array | string, opts: { id?: string; headers?: Record<string, string> } = {},
): Promise<void> {
  const kind = reason.split(":")[0]!;
  ctx.metrics.refused.inc({ reason: kind });
  await deadLetter(ctx, ex.remote, `${reason} [${ex.req.method} ${ex.path}]`, raw);
  const body = { ResponseStatusObject: status(opts.id ?? "", ex.path, code, `${STATUS_TEXT[code]}: ${reason}`, ctx.now(), ctx.utcOffsetMin) };
  sendJson(ex.res, httpStatus, body, opts.headers);
}

export async function deadLetter(ctx: Gat1400Context, remote: string, reason: string, raw: Uint8Array | string): Promise<void> {
  try {
    await ctx.deps.deadLetters.record({ protocol: "gat1400", remote, reason, raw });
  } catch (err) {
    // The refusal is still answered and counted; only the copy is lost, and the log says so.
    ctx.deps.logger.error("gat1400 dead letter not stored", { reason, error: String(err) });
  }
}

export function ok(ctx: Gat1400Context, ex: Exchange, id: string): void {
  sendJson(ex.res, 200, { ResponseStatusObject: status(id, ex.path, GAT_STATUS.ok, STATUS_TEXT[GAT_STATUS.ok], ctx.now(), ctx.utcOffsetMin) });
}

/** `device.online` / `device.offline` for a GA/T 1400 camera. The Device row's status is set
 *  first, so whoever sees the event finds the row agreeing; transitions of one device are
 *  chained so a timeout and the request that ends it are stored in the order they happened. */
export function emitLiveness(ctx: Gat1400Context, session: Session, online: boolean, reason: string): Promise<void> {
  const key = session.camera.externalId;
  const prev = ctx.livenessChain.get(key) ?? Promise.resolve();
  const next = prev.catch(() => undefined).then(() => storeLiveness(ctx, session, online, reason));
  ctx.livenessChain.set(key, next);
  void next.finally(() => {
    if (ctx.livenessChain.get(key) === next) ctx.livenessChain.delete(key);
  }).catch(() => undefined);
  return next;
}

async function storeLiveness(ctx: Gat1400Context, session: Session, online: boolean, reason: string): Promise<void> {
  const at = ctx.now();
  const c = session.camera;
  try {
    await ctx.deps.db.prisma.device.update({ where: { id: c.id }, data: { status: online ? "online" : "offline", statusAt: at } });
  } catch (err) {
    ctx.deps.logger.warn("gat1400 device status not updated", { deviceId: c.id, error: String(err) });
  }
  const event: NewCampusEvent = {
    id: `gat1400:${c.externalId}:${online ? "online" : "offline"}:${at.getTime()}`,
    campusId: c.campusId,
    kind: online ? "device.online" : "device.offline",
    severity: online ? SEVERITY.info : SEVERITY.medium,
    occurredAt: at,
    deviceId: c.id,
    location: { xM: c.xM, yM: c.yM, floor: c.floor },
    subject: null,
    source: { protocol: "gat1400", rawRef: `gat1400:${c.externalId}` },
    data: { reason, externalId: c.externalId, lastSeenAt: new Date(session.lastSeenMs).toISOString() },
  };
  await ctx.deps.events.append([event]);
  ctx.metrics.online.set(ctx.sessions.onlineCount());
}
