import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { io as connect, type Socket } from "socket.io-client";
import { startApp, type RunningApp } from "../../server/app";
import { unpackFrame, type WirePackedLiveFrame } from "../../server/contracts/live-wire";
import { loadEnv } from "../../server/env";
import { silentLogger } from "../../server/observability/logger";
import { createEmptyDatabase } from "../support/db";
import { startServer } from "../support/server";

describe("server shell (in process)", () => {
  let app: RunningApp;
  let database: { url: string; remove(): Promise<void> };
  before(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "campustwin-app-"));
    // A fresh database of the provider under test (never the PostgreSQL admin database itself).
    database = await createEmptyDatabase();
    const env = loadEnv({ DATA_DIR: dataDir, DATABASE_URL: database.url, WEB: "0", SIMULATE: "0", ADMIN_USERNAME: "shelladmin", ADMIN_PASSWORD: "shell-admin-password" }, ["--port", "0", "--dc09-port", "0", "--sip-port", "0", "--gat1400-port", "0", "--mqtt-port", "0"]);
    app = await startApp(env, silentLogger);
    await app.db.prisma.campus.upsert({ where: { id: "shell" }, create: { id: "shell", name: "Shell", originLat: 31, originLon: 121, boundaryJson: "[]" }, update: {} });
  });
  after(async () => {
    await app.stop();
    await database.remove();
  });

  it("binds ephemeral ports for HTTP and every protocol listener, and answers /healthz and /metrics", async () => {
    for (const name of ["http", "dc09", "sip", "gat1400", "mqtt"]) assert.ok(app.ports[name]! > 0, `${name} port bound`);
    const health = await fetch(`${app.url}/healthz`);
    assert.equal(health.status, 200);
    const body = (await health.json()) as { status: string; database: string };
    assert.deepEqual([body.status, body.database], ["ok", "ok"]);
    const metrics = await fetch(`${app.url}/metrics`);
    assert.match(metrics.headers.get("content-type") ?? "", /text\/plain/);
  });

  it("streams events over Socket.IO to a logged-in client: backfill from a seq, then live, without gaps", async () => {
    const before = await app.events.append([{ id: "shell-1", campusId: "shell", kind: "alarm.panic", severity: 4, occurredAt: new Date(), source: { protocol: "system" } }]);
    const firstSeq = before.stored[0]!.seq;
    const anonymous: Socket = connect(app.url, { transports: ["websocket"], forceNew: true, reconnection: false });
    const refused = await new Promise<string>((resolve) => anonymous.on("connect_error", (err) => resolve(err.message)));
    anonymous.close();
    assert.equal(refused, "unauthorised");
    const login = await fetch(`${app.url}/api/trpc/auth.login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "shelladmin", password: "shell-admin-password" }) });
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
    const socket: Socket = connect(app.url, { transports: ["websocket"], forceNew: true, extraHeaders: { cookie } });
    const got: Array<{ id: string }> = [];
    socket.on("live:frame", (frame: WirePackedLiveFrame) => got.push(...unpackFrame(frame).events));
    try {
      const ack = await socket.timeout(5000).emitWithAck("live:subscribe", { afterSeq: firstSeq - 1, campusId: "shell" });
      assert.deepEqual(ack, { data: { campusId: "shell", lastSeq: firstSeq } });
      await app.events.append([{ id: "shell-2", campusId: "shell", kind: "fence.alarm", severity: 3, occurredAt: new Date(), source: { protocol: "system" } }]);
      for (let i = 0; i < 50 && got.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(got.map((e) => e.id), ["shell-1", "shell-2"]);
      const bad = await socket.timeout(5000).emitWithAck("live:subscribe", { afterSeq: "x" });
      assert.match(bad.error, /expects/);
    } finally {
      socket.close();
    }
  });
});

describe("server process", () => {
  it("starts on port 0, serves, and shuts down gracefully on SIGTERM", async () => {
    const server = await startServer({ WEB: "0", SIMULATE: "0", LOG_LEVEL: "info" });
    const health = await fetch(`${server.baseUrl}/healthz`);
    assert.equal(health.status, 200);
    assert.equal(await server.stop(), 0);
    assert.match(server.output(), /"msg":"stopped"/);
  });

  it("refuses bad configuration with a clear message and exit code 2", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "server/main.ts", "--port", "99999"], { encoding: "utf8" });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /campustwin: Invalid configuration: PORT: must be 0\.\.65535/);
  });
});
