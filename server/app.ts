import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Server as IoServer } from "socket.io";
import { createTrpcHandler, isTrpcPath } from "./api/http";
import { liveParser } from "./api/realtime/encoder";
import { createLiveGateway, type LiveIo } from "./api/realtime/gateway";
import { createApiServices } from "./api/services";
import { ensureFirstAdmin } from "./auth/bootstrap";
import { ensureDefaultCampus } from "./campus/bootstrap";
import { databaseUrl, type Env } from "./env";
import { createEventLog, type EventLog } from "./events/log";
import { writeHealth } from "./http/health";
import { startListeners, type RunningListeners } from "./ingest/listeners";
import { createDeadLetters } from "./observability/dead-letters";
import { createLogger, type Logger } from "./observability/logger";
import { createMetrics, type Metrics } from "./observability/metrics";
import { createDb, redactUrl, type Db } from "./store/db";
import { migrate } from "./store/migrate";
import { startSimulation } from "./simulation";
import { startFusion } from "./fusion/start";
import { startHistory } from "./history/start";
import { createImageStore } from "./store/images";

// Wires one CampusTwin process: database, event log, protocol listeners, HTTP (Next.js pages,
// tRPC, /healthz, /metrics) and Socket.IO on one port. `startApp` is a factory so tests can
// run a whole server on port 0; server/main.ts is the command-line entry.

export interface RunningApp {
  url: string;
  ports: Record<string, number>;
  db: Db;
  events: EventLog;
  metrics: Metrics;
  stop(): Promise<void>;
}

const WEB_DIR = join(fileURLToPath(new URL(".", import.meta.url)), "..", "web");

type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

async function createWebHandler(env: Env): Promise<Handler> {
  const { default: next } = await import("next");
  const app = next({ dev: false, dir: WEB_DIR, hostname: env.HOST, port: env.PORT });
  await app.prepare();
  const handle = app.getRequestHandler();
  return (req, res) => handle(req, res);
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startApp(env: Env, logger: Logger = createLogger(env.LOG_LEVEL)): Promise<RunningApp> {
  const startedAt = new Date();
  const url = databaseUrl(env);
  const migrated = await migrate(url);
  logger.info("database ready", { url: redactUrl(url), applied: migrated.applied });

  const db = createDb(url);
  const campus = await ensureDefaultCampus(db, env);
  if (campus.created) logger.info("generated the default campus", { campusId: campus.campusId, size: env.CAMPUS_SIZE, seed: env.CAMPUS_SEED });
  const events = createEventLog(db);
  const admin = await ensureFirstAdmin(db, { username: env.ADMIN_USERNAME, password: env.ADMIN_PASSWORD });
  if (admin.created) logger.info("created the first administrator", { username: admin.username });
  // Printed once, to the console only (not the structured log): it exists nowhere else.
  if (admin.oneTimePassword) console.log(`CampusTwin first start: log in as "${admin.username}" with the one-time password ${admin.oneTimePassword} (you must change it)`);
  const metrics = createMetrics();
  const deadLetters = createDeadLetters(db, metrics);
  const fusion = await startFusion(env, { db, events, logger, metrics });
  const history = await startHistory({ db, events, logger });
  const ports: Record<string, number> = {};
  let listeners: RunningListeners | null = null;
  if (env.INGEST) {
    listeners = await startListeners(env, { db, events, deadLetters, metrics, logger });
    Object.assign(ports, listeners.ports);
  }
  const web = env.WEB ? await createWebHandler(env) : null;
  const services = createApiServices({
    db, events, fusion: fusion.fusion, drills: history.drills, images: createImageStore({ root: join(env.DATA_DIR, "images") }), cookieSecure: env.COOKIE_SECURE,
    policy: { idleMs: env.SESSION_IDLE_MIN * 60_000, absoluteMs: env.SESSION_MAX_HOURS * 3_600_000 },
  });
  const trpc = createTrpcHandler({
    services,
    onInternalError: (err, path) => logger.error("api error", { path, error: err.message }),
  });

  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    if (path === "/healthz") return void writeHealth(res, { db, startedAt, ports });
    if (path === "/metrics") {
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
      return void res.end(metrics.render());
    }
    if (isTrpcPath(path)) return void trpc(req, res);
    if (web) return void web(req, res);
    res.writeHead(404, { "content-type": "text/plain" }).end("Not found (web UI disabled: WEB=0)\n");
  });
  const io: LiveIo = new IoServer(server, { serveClient: false, parser: liveParser });
  const live = createLiveGateway({ io, db, auth: services.auth, events, fusion: fusion.fusion, tickMs: env.LIVE_TICK_MS, logger, metrics });

  ports.http = await listen(server, env.HOST, env.PORT);
  const simulation = env.SIMULATE && listeners ? startSimulation(env, db, ports, logger) : null;
  const appUrl = `http://${env.HOST.includes(":") ? `[${env.HOST}]` : env.HOST}:${ports.http}`;
  logger.info("listening", { url: appUrl, ports });

  let stopping: Promise<void> | null = null;
  return {
    url: appUrl,
    ports,
    db,
    events,
    metrics,
    stop() {
      stopping ??= (async () => {
        logger.info("shutting down");
        await simulation?.stop();
        await listeners?.stop(); // stop taking device input first; in-flight commits finish
        await history.stop();
        await fusion.stop();
        live.stop();
        await new Promise<void>((resolve) => io.close(() => resolve()));
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await events.close(); // flushes pending group commits
        await db.close();
        logger.info("stopped");
      })();
      return stopping;
    },
  };
}
