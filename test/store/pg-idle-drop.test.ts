import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { createEventLog, type EventLog } from "../../server/events/log";
import { createTestDb, testProvider, type TestDb } from "../support/db";
import { eventMaker } from "../realtime/support";

// PostgreSQL only (the SQLite pass has no pooled connections to drop): the event log's pool
// loses its idle connection to an administrator's termination, as in a PostgreSQL restart. The
// process must not die of the pool's "error" event, and the next append must commit.

if (testProvider() === "postgresql") {
  describe("event log on PostgreSQL when an idle pooled connection is terminated", () => {
    let t: TestDb;
    let events: EventLog;
    const ev = eventMaker("c-pg", "pgdrop");

    before(async () => {
      t = await createTestDb();
      await t.db.prisma.campus.create({ data: { id: "c-pg", name: "c-pg", originLat: 31, originLon: 121, boundaryJson: "[]" } });
      events = createEventLog(t.db);
    });

    after(async () => {
      await events.close();
      await t.drop();
    });

    it("survives the termination and commits the next append on a new connection", async () => {
      const first = await events.append([ev("access.granted")]);
      assert.equal(first.stored.length, 1);
      const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await admin.connect();
      try {
        const name = new URL(t.url).pathname.slice(1);
        const r = await admin.query("SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [name]);
        assert.ok(r.rows.length > 0, "the appender's idle connection was there to terminate");
      } finally {
        await admin.end();
      }
      await new Promise((resolve) => setTimeout(resolve, 200)); // the pools notice the closed sockets
      const next = await events.append([ev("access.granted")]);
      assert.equal(next.stored.length, 1);
      assert.ok(next.stored[0]!.seq > first.stored[0]!.seq);
    });
  });
}
