import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import { saveCampusModel } from "../../server/campus/persist";
import { createTrpcHandler, isTrpcPath } from "../../server/api/http";
import type { AppRouter } from "../../server/api/root";
import { createApiServices } from "../../server/api/services";
import type { ApiServices } from "../../server/api/context";
import { hashPassword } from "../../server/auth/password";
import { createEventLog, type EventLog } from "../../server/events/log";
import { createTestDb, type TestDb } from "../support/db";
import { smallCampus } from "../e2e/fixtures/small-campus";

// The API over real HTTP: login sets an httpOnly SameSite cookie, the cookie authenticates
// later calls, logout and expiry end the session, scope filters the campus list, and internal
// errors never reach the client.

const PASSWORD = "district-officer-1";

describe("tRPC over HTTP with session cookies", () => {
  let testDb: TestDb;
  let events: EventLog;
  let services: ApiServices;
  let server: Server;
  let base: string;
  let clock = Date.now();
  const internals: string[] = [];

  const client = (cookie?: string) => createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: `${base}/api/trpc`, headers: () => (cookie ? { cookie } : {}) })],
  });

  async function login(username: string, password: string): Promise<{ cookie: string; setCookie: string }> {
    const res = await fetch(`${base}/api/trpc/auth.login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password }) });
    assert.equal(res.status, 200, await res.clone().text());
    const setCookie = res.headers.get("set-cookie") ?? "";
    return { cookie: setCookie.split(";")[0]!, setCookie };
  }

  before(async () => {
    testDb = await createTestDb();
    events = createEventLog(testDb.db);
    services = createApiServices({ db: testDb.db, events, now: () => new Date(clock), policy: { idleMs: 10 * 60_000, absoluteMs: 60 * 60_000 } });
    await saveCampusModel(testDb.db.prisma, smallCampus("c-a", "甲校区"));
    await saveCampusModel(testDb.db.prisma, smallCampus("c-b", "乙校区"));
    await testDb.db.prisma.user.create({ data: { id: "u-d", username: "district", displayName: "区教育局", role: "leader", campusScope: "c-b", passwordHash: await hashPassword(PASSWORD) } });
    const trpc = createTrpcHandler({ services, onInternalError: (err) => internals.push(err.message) });
    server = createServer((req, res) => {
      const { pathname } = new URL(req.url ?? "/", "http://localhost");
      if (isTrpcPath(pathname)) trpc(req, res);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await events.close();
    await testDb.drop();
  });

  it("refuses anonymous calls with UNAUTHORIZED", async () => {
    await assert.rejects(client().campus.list.query(), (err: unknown) => err instanceof TRPCClientError && err.data?.code === "UNAUTHORIZED");
    assert.equal(await client().auth.me.query(), null);
  });

  it("logs in with an httpOnly SameSite=Strict cookie holding a random token, stored only hashed", async () => {
    const { cookie, setCookie } = await login("district", PASSWORD);
    assert.match(setCookie, /^ct_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=3600$/);
    const token = cookie.split("=")[1]!;
    assert.equal(await testDb.db.prisma.session.count({ where: { id: token } }), 0, "the raw token is not stored");
    assert.equal(await testDb.db.prisma.session.count({ where: { userId: "u-d" } }), 1);
    const me = await client(cookie).auth.me.query();
    assert.deepEqual([me?.username, me?.role, me?.campusScope], ["district", "leader", ["c-b"]]);
  });

  it("lists only the campuses in scope and refuses the others", async () => {
    const { cookie } = await login("district", PASSWORD);
    const list = await client(cookie).campus.list.query();
    assert.deepEqual(list.map((c) => c.id), ["c-b"]);
    const m = await client(cookie).campus.get.query({ id: "c-b" });
    assert.equal(m.name, "乙校区");
    assert.equal(m.devices.length, smallCampus("c-b", "乙校区").devices.length);
    await assert.rejects(client(cookie).campus.get.query({ id: "c-a" }), (err: unknown) => err instanceof TRPCClientError && err.data?.code === "FORBIDDEN");
  });

  it("rejects a wrong password with one message for unknown users and wrong passwords, and audits it", async () => {
    for (const username of ["district", "nobody"]) {
      const res = await fetch(`${base}/api/trpc/auth.login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password: "wrong-password" }) });
      assert.equal(res.status, 401);
      assert.equal(res.headers.get("set-cookie"), null);
      assert.match(await res.text(), /Invalid username or password/);
    }
    const failed = await testDb.db.prisma.auditEntry.findMany({ where: { action: "auth.login.failed" } });
    assert.deepEqual(failed.map((f) => f.target).sort(), ["district", "nobody"]);
    assert.ok(failed.every((f) => !f.detailJson.includes("wrong-password")));
  });

  it("ends the session on logout, on idle timeout and at the absolute limit", async () => {
    const a = await login("district", PASSWORD);
    await client(a.cookie).auth.logout.mutate();
    assert.equal(await client(a.cookie).auth.me.query(), null);

    const b = await login("district", PASSWORD);
    clock += 11 * 60_000; // idle 11 min > 10 min
    assert.equal(await client(b.cookie).auth.me.query(), null);

    const c = await login("district", PASSWORD);
    for (let i = 0; i < 7; i++) {
      clock += 9 * 60_000; // active every 9 min: never idle, but 63 min > 60 min absolute
      const me = await client(c.cookie).auth.me.query();
      assert.equal(me === null, i === 6, `step ${i}`);
    }
  });

  it("keeps internal errors out of the response and in the log", async () => {
    const { cookie } = await login("district", PASSWORD);
    await testDb.db.prisma.$executeRawUnsafe(`UPDATE "Campus" SET "boundaryJson" = 'not json' WHERE "id" = 'c-b'`);
    await assert.rejects(client(cookie).campus.list.query(), (err: unknown) => {
      assert.ok(err instanceof TRPCClientError);
      assert.equal(err.message, "Internal server error");
      return true;
    });
    assert.ok(internals.some((m) => /JSON/.test(m)), internals.join("; "));
  });
});
