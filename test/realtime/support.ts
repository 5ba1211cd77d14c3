import type { NewCampusEvent } from "../../server/contracts/event";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Server as IoServer } from "socket.io";
import type { FlowLimits } from "../../server/api/realtime/flow";
import { liveParser } from "../../server/api/realtime/encoder";
import { createLiveGateway, type LiveGateway, type LiveGatewayOptions, type LiveIo } from "../../server/api/realtime/gateway";
import { createApiServices } from "../../server/api/services";
import type { ApiServices } from "../../server/api/context";
import { createEventLog, type EventLog } from "../../server/events/log";
import { createDb, type Db } from "../../server/store/db";
import { hashPassword } from "../../server/auth/password";
import { createTestDb, type TestDb } from "../support/db";

// A live server for socket tests: HTTP + Socket.IO + the live gateway over a database URL, on a
// given port (0 = ephemeral), so a test can stop it and start it again on the same port and DB.

export interface LiveServer {
  url: string;
  port: number;
  db: Db;
  events: EventLog;
  services: ApiServices;
  gateway: LiveGateway;
  io: LiveIo;
  stop(): Promise<void>;
}

export async function startLiveServer(dbUrl: string, port = 0, opts: { tickMs?: number; phases?: number; flow?: Partial<FlowLimits>; fusion?: LiveGatewayOptions["fusion"] } = {}): Promise<LiveServer> {
  const db = createDb(dbUrl);
  const events = createEventLog(db);
  const services = createApiServices({ db, events });
  const http: Server = createServer((_req, res) => res.writeHead(404).end());
  const io: LiveIo = new IoServer(http, { serveClient: false, parser: liveParser });
  const gateway = createLiveGateway({
    io, db, auth: services.auth, events, tickMs: opts.tickMs ?? 50,
    ...(opts.phases ? { phases: opts.phases } : {}), ...(opts.flow ? { flow: opts.flow } : {}), ...(opts.fusion ? { fusion: opts.fusion } : {}),
  });
  await new Promise<void>((resolve) => http.listen(port, "127.0.0.1", resolve));
  const bound = (http.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}`, port: bound, db, events, services, gateway, io,
    async stop() {
      gateway.stop();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await events.close();
      await db.close();
    },
  };
}

export async function until(cond: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Numbered test events for one campus: alarms at severity 4, everything else 0. */
export function eventMaker(campusId: string, idPrefix: string): (kind: string, over?: Partial<NewCampusEvent>) => NewCampusEvent {
  let n = 0;
  return (kind, over = {}) => {
    n++;
    return { id: `${idPrefix}-${n}`, campusId, kind, severity: kind.startsWith("alarm.") ? 4 : 0, occurredAt: new Date(), source: { protocol: "system" }, ...over };
  };
}

export interface LiveFixture { testDb: TestDb; server: LiveServer; cookie: string; stop(): Promise<void> }

/** A fresh database with one campus and one operator, a live server on it, and the operator's session cookie. */
export async function liveFixture(campusId: string, username: string, password: string,
  opts: Parameters<typeof startLiveServer>[2] = {}): Promise<LiveFixture> {
  const testDb = await createTestDb();
  await testDb.db.prisma.campus.create({ data: { id: campusId, name: campusId, originLat: 31, originLon: 121, boundaryJson: "[]" } });
  await testDb.db.prisma.user.create({
    data: { id: `u-${username}`, username, displayName: "值班员", role: "operator", passwordHash: await hashPassword(password) },
  });
  const server = await startLiveServer(testDb.url, 0, opts);
  const cookie = `ct_session=${(await server.services.auth.login({ username, password }, {})).token}`;
  return {
    testDb, server, cookie,
    async stop() {
      await server.stop();
      await testDb.drop();
    },
  };
}

