import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { io as connect } from "socket.io-client";
import type { NewCampusEvent } from "../../server/contracts/event";
import { hashPassword } from "../../server/auth/password";
import { createEventLog } from "../../server/events/log";
import { createDb } from "../../server/store/db";
import { connectLive, type LiveConnection, type LiveStatus, type WireFrame } from "../../web/lib/live";
import { createTestDb, type TestDb } from "../support/db";
import { eventMaker, startLiveServer, until, type LiveServer } from "./support";

// Socket.IO live delivery with two real clients (issue 5 tests): live frames in seq order,
// resume after a server restart on the same database with no gap and no duplicate,
// coalescing of high-rate kinds, and refused handshakes / out-of-scope rooms.

const CAMPUS = "c-live";
const PASSWORD = "duty-room-password";
const ev = eventMaker(CAMPUS, "live");

interface Recorder { frames: WireFrame[]; seqs: number[]; kinds: string[]; statuses: LiveStatus[]; conn: LiveConnection }

function record(url: string, cookie: string, afterSeq: number): Recorder {
  const r: Recorder = { frames: [], seqs: [], kinds: [], statuses: [], conn: null as unknown as LiveConnection };
  r.conn = connectLive({
    url, campusId: CAMPUS, afterSeq, headers: { cookie }, reconnectDelayMs: 100, reconnectDelayMaxMs: 300,
    onFrame: (f) => {
      r.frames.push(f);
      for (const e of f.events) {
        r.seqs.push(e.seq);
        r.kinds.push(e.kind);
      }
    },
    onStatus: (s) => r.statuses.push(s),
  });
  return r;
}

describe("live gateway over Socket.IO", { timeout: 60_000 }, () => {
  let testDb: TestDb;
  let server: LiveServer;
  let cookie: string;
  let farCookie: string;

  before(async () => {
    testDb = await createTestDb();
    const prisma = testDb.db.prisma;
    for (const id of [CAMPUS, "c-other"]) await prisma.campus.create({ data: { id, name: id, originLat: 31, originLon: 121, boundaryJson: "[]" } });
    const passwordHash = await hashPassword(PASSWORD);
    await prisma.user.create({ data: { id: "u-op", username: "op", displayName: "值班员", role: "operator", passwordHash } });
    await prisma.user.create({ data: { id: "u-far", username: "far", displayName: "外校", role: "leader", campusScope: "c-other", passwordHash } });
    server = await startLiveServer(testDb.url);
    const login = async (username: string) => `ct_session=${(await server.services.auth.login({ username, password: PASSWORD }, {})).token}`;
    cookie = await login("op");
    farCookie = await login("far");
  });

  after(async () => {
    await server.stop();
    await testDb.drop();
  });

  it("refuses a handshake without a valid session cookie", async () => {
    const handshakes: Record<string, string>[] = [{}, { cookie: "ct_session=forged-token-forged-token-forged" }];
    for (const headers of handshakes) {
      const socket = connect(server.url, { transports: ["websocket"], forceNew: true, reconnection: false, extraHeaders: headers });
      const message = await new Promise<string>((resolve) => {
        socket.on("connect_error", (err) => resolve(err.message));
        socket.on("connect", () => resolve("connected"));
      });
      socket.close();
      assert.equal(message, "unauthorised");
    }
    const statuses: LiveStatus[] = [];
    const conn = connectLive({ url: server.url, campusId: CAMPUS, onFrame: () => undefined, onStatus: (s) => statuses.push(s) });
    await until(() => statuses.includes("unauthorised"), "unauthorised status");
    conn.close();
  });

  it("refuses a campus room outside the user's scope", async () => {
    const socket = connect(server.url, { transports: ["websocket"], forceNew: true, extraHeaders: { cookie: farCookie } });
    try {
      const reply = await socket.timeout(5000).emitWithAck("live:subscribe", { campusId: CAMPUS, afterSeq: 0 });
      assert.match((reply as { error: string }).error, /not available/);
      const own = await socket.timeout(5000).emitWithAck("live:subscribe", { campusId: "c-other", afterSeq: 0 });
      assert.deepEqual(own, { data: { campusId: "c-other", lastSeq: 0 } });
    } finally {
      socket.close();
    }
  });

  it("delivers live events to two clients, then resumes after a server restart with no gap and no duplicate", async () => {
    const start = await server.events.lastSeq();
    const a = record(server.url, cookie, start);
    const b = record(server.url, cookie, start);
    await until(() => a.statuses.includes("live") && b.statuses.includes("live"), "both clients live");

    const first = await server.events.append([ev("access.granted"), ev("lpr.read"), ev("alarm.intrusion"), ev("access.denied")]);
    const firstSeqs = first.stored.map((e) => e.seq);
    await until(() => a.seqs.length >= 4 && b.seqs.length >= 4, "first batch on both");
    assert.deepEqual(a.seqs, firstSeqs);
    assert.deepEqual(b.seqs, firstSeqs);

    // Server goes away; events keep arriving in the database meanwhile (another node, or ingest
    // on restart). Client A is closed for good; B keeps trying to reconnect.
    a.conn.close();
    const port = server.port;
    await server.stop();
    await until(() => b.statuses.at(-1) === "reconnecting", "b notices the outage");
    const offlineDb = createDb(testDb.url);
    const offlineLog = createEventLog(offlineDb);
    const missed: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await offlineLog.append(Array.from({ length: 700 }, (_, k) => ev(k % 100 === 0 ? "alarm.panic" : "access.granted")));
      missed.push(...r.stored.map((e) => e.seq));
    }
    await offlineLog.close();
    await offlineDb.close();

    server = await startLiveServer(testDb.url, port);
    // Live traffic starts while B is still replaying: the replay/live hand-over is exercised.
    const during: number[] = [];
    const pump = (async () => {
      for (let i = 0; i < 20; i++) {
        during.push(...(await server.events.append([ev("face.capture"), ev("alarm.intrusion")])).stored.map((e) => e.seq));
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    await pump;
    const expected = [...firstSeqs, ...missed, ...during];
    await until(() => b.seqs.length >= expected.length, `b receives ${expected.length} events (has ${b.seqs.length})`, 20_000);
    await new Promise((r) => setTimeout(r, 200)); // any duplicate would have arrived by now
    assert.deepEqual(b.seqs, expected, "every event once, in order");
    assert.ok(b.frames.some((f) => f.backfill), "the missed events came as a replay");
    b.conn.close();
  });

  it("coalesces density samples per zone within a tick but never drops alarms", async () => {
    const start = await server.events.lastSeq();
    const c = record(server.url, cookie, start);
    await until(() => c.statuses.includes("live"), "client live");
    const batch: NewCampusEvent[] = [];
    for (let i = 0; i < 200; i++) batch.push(ev("density.sample", { deviceId: `dc-${i % 4}`, data: { zoneId: `z-${i % 4}`, count: i } }));
    batch.splice(100, 0, ev("alarm.panic"), ev("access.granted"));
    const r = await server.events.append(batch);
    const last = r.stored.at(-1)!.seq;
    await until(() => c.conn.lastSeq() >= last, "cursor reaches the last seq");
    const alarm = r.stored.find((e) => e.kind === "alarm.panic")!.seq;
    assert.ok(c.seqs.includes(alarm));
    assert.ok(c.kinds.includes("access.granted"));
    const samples = c.frames.flatMap((f) => f.events).filter((e) => e.kind === "density.sample");
    assert.ok(samples.length < 200, `coalesced: ${samples.length} of 200 samples sent`);
    const lastPerZone = new Map(r.stored.filter((e) => e.kind === "density.sample").map((e) => [e.data.zoneId, e.seq]));
    for (const seq of lastPerZone.values()) assert.ok(c.seqs.includes(seq), `latest sample ${seq} delivered`);
    assert.deepEqual([...c.seqs].sort((x, y) => x - y), c.seqs, "in seq order");
    c.conn.close();
  });
});
