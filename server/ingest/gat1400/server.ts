import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { GAT_STATUS } from "../../contracts/gat1400";
import { createImageStore } from "../../store/images";
import type { Ingest, IngestDeps, RunningIngest } from "../types";
import { createGat1400Metrics, emitLiveness, refuse, type Exchange, type Gat1400Context } from "./context";
import { createDigestAuth } from "./digest";
import { createCameraDirectory } from "./directory";
import { readBody } from "./http-io";
import { createSessions } from "./sessions";
import { handleKeepalive, handleRegister, handleTime, handleUnRegister } from "./system";
import { handleRecords } from "./uploads";

// The GA/T 1400 view-library listener (HTTP + JSON, issue #4, R-3.2): LPR cameras post
// MotorVehicle records and face-capture cameras post Face records. Plain node:http on its own
// port (devices are kept apart from the user-facing web port). Bad input is answered with an
// HTTP status plus a ResponseStatusObject, counted and dead-lettered; nothing here throws out.

export interface Gat1400Options {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** Root of the content-addressed picture store, e.g. `${DATA_DIR}/images`. */
  imageDir: string;
  /** Digest realm of the Register challenge. */
  realm?: string;
  /** Explicit passwords by DeviceID (or digest username); next the Device row's `attrs.gat1400Password`. */
  passwords?: Readonly<Record<string, string>>;
  /** Password for devices that have none of their own; null refuses them. */
  defaultPassword?: string | null;
  /** Silence longer than this makes a registered device offline (GA/T 1400.4 keepalive). */
  keepaliveTimeoutS?: number;
  /** Larger bodies are answered 413 without being read. */
  bodyLimitBytes?: number;
  /** The 20-digit VIID server id answered by GET /VIID/System/Time. */
  viidServerId?: string;
  /** Device clock offset from UTC for `yyyyMMddHHmmss` times (China: +480). */
  utcOffsetMin?: number;
  nonceTtlS?: number;
}

export const GAT1400_DEFAULTS = {
  realm: "CampusTwin VIID",
  keepaliveTimeoutS: 180,
  bodyLimitBytes: 16 * 1024 * 1024,
  viidServerId: "31000000005030000001",
  utcOffsetMin: 480,
  nonceTtlS: 300,
} as const;

export function createGat1400Ingest(deps: IngestDeps, opts: Gat1400Options): Ingest {
  return { start: () => start(deps, opts) };
}

async function start(deps: IngestDeps, opts: Gat1400Options): Promise<RunningIngest> {
  const now = deps.now ?? (() => new Date());
  const keepaliveTimeoutMs = (opts.keepaliveTimeoutS ?? GAT1400_DEFAULTS.keepaliveTimeoutS) * 1000;
  const logger = deps.logger.child({ ingest: "gat1400" });
  const ctx: Gat1400Context = {
    deps: { ...deps, logger },
    auth: createDigestAuth({ realm: opts.realm ?? GAT1400_DEFAULTS.realm, nonceTtlMs: (opts.nonceTtlS ?? GAT1400_DEFAULTS.nonceTtlS) * 1000, now: () => now().getTime() }),
    directory: createCameraDirectory(deps.db, { now: () => now().getTime() }),
    sessions: createSessions({ timeoutMs: keepaliveTimeoutMs, now: () => now().getTime() }),
    images: createImageStore({ root: opts.imageDir, now }),
    metrics: createGat1400Metrics(deps),
    viidServerId: opts.viidServerId ?? GAT1400_DEFAULTS.viidServerId,
    utcOffsetMin: opts.utcOffsetMin ?? GAT1400_DEFAULTS.utcOffsetMin,
    bodyLimitBytes: opts.bodyLimitBytes ?? GAT1400_DEFAULTS.bodyLimitBytes,
    passwordFor: (deviceId, username) => opts.passwords?.[deviceId] ?? opts.passwords?.[username] ?? null,
    defaultPassword: opts.defaultPassword ?? null,
    now,
    livenessChain: new Map(),
  };
  await ctx.directory.reload();

  const inflight = new Set<Promise<void>>();
  const server = createServer((req, res) => {
    const p = route(ctx, req, res).catch((err) => {
      logger.error("gat1400 request failed", { url: req.url, error: err instanceof Error ? err.stack : String(err) });
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" }).end("Internal error\n");
    });
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  });
  // Device connections are long-lived keep-alive; a stalled client cannot hold a request forever.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 30_000;
  server.requestTimeout = 120_000;
  server.on("clientError", (err, socket) => {
    ctx.metrics.refused.inc({ reason: "bad_http" });
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
    else socket.destroy(err);
  });

  // Sweep at a quarter of the timeout so offline is declared within 1.25 × the timeout.
  const sweepMs = Math.max(20, Math.min(5_000, keepaliveTimeoutMs / 4));
  let sweeping = false;
  const sweeper = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    const gone = ctx.sessions.sweep();
    void Promise.all(gone.map((s) => emitLiveness(ctx, s, false, "keepalive_timeout").catch((err) =>
      logger.error("gat1400 offline event not stored", { deviceId: s.camera.externalId, error: String(err) }))))
      .finally(() => (sweeping = false));
  }, sweepMs);
  sweeper.unref();

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  logger.info("gat1400 listening", { host: opts.host, port });

  let stopping: Promise<void> | null = null;
  return {
    ports: { http: port },
    stop() {
      stopping ??= (async () => {
        clearInterval(sweeper);
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await Promise.allSettled([...inflight]);
        server.closeAllConnections();
        await closed;
      })();
      return stopping;
    },
  };
}

async function route(ctx: Gat1400Context, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? "/").split("?")[0]!.replace(/\/+$/, "");
  const ex: Exchange = { req, res, path, remote: `${req.socket.remoteAddress}:${req.socket.remotePort}` };
  res.on("finish", () => ctx.metrics.requests.inc({ path: knownPath(path), status: String(res.statusCode) }));
  const method = req.method ?? "GET";
  if (path === "/VIID/System/Time") {
    if (method !== "GET") return refuse(ctx, ex, 405, GAT_STATUS.invalidOperation, `bad_method: ${method}`, "", { headers: { allow: "GET" } });
    return handleTime(ctx, ex);
  }
  const handler = POST_ROUTES[path];
  if (!handler) return refuse(ctx, ex, 404, GAT_STATUS.invalidOperation, `unknown_path: ${method} ${path.slice(0, 200)}`, "");
  if (method !== "POST") return refuse(ctx, ex, 405, GAT_STATUS.invalidOperation, `bad_method: ${method}`, "", { headers: { allow: "POST" } });
  const body = await readBody(req, ctx.bodyLimitBytes);
  if (body.kind === "aborted") return;
  if (body.kind === "too_large") {
    // The rest of the body is not read; closing the connection discards it (RFC 9110 §15.5.14).
    return refuse(ctx, ex, 413, GAT_STATUS.invalidOperation, `too_large: body over ${ctx.bodyLimitBytes} bytes (head kept)`, body.head, { headers: { connection: "close" } });
  }
  return handler(ctx, ex, body.body);
}

type PostHandler = (ctx: Gat1400Context, ex: Exchange, body: Buffer) => Promise<void>;

const POST_ROUTES: Record<string, PostHandler | undefined> = {
  "/VIID/System/Register": handleRegister,
  "/VIID/System/Keepalive": handleKeepalive,
  "/VIID/System/UnRegister": handleUnRegister,
  "/VIID/MotorVehicles": (ctx, ex, body) => handleRecords(ctx, ex, body, "vehicle"),
  "/VIID/Faces": (ctx, ex, body) => handleRecords(ctx, ex, body, "face"),
};

/** Bounded label values: unknown paths collapse to "other" so a scanner cannot grow /metrics. */
function knownPath(path: string): string {
  return path === "/VIID/System/Time" || POST_ROUTES[path] ? path : "other";
}
