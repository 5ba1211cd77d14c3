import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { createTestDb, type TestDb } from "../../test/support/db";
import type { NewCampusEvent } from "../contracts/event";
import { createEventLog, type EventLog } from "./log";

const event = (id: string, over: Partial<NewCampusEvent> = {}): NewCampusEvent => ({
  id, campusId: "c1", kind: "alarm.intrusion", severity: 3, occurredAt: new Date("2026-11-27T08:00:00Z"),
  source: { protocol: "dc09", rawRef: null }, location: { xM: 12.5, yM: -3, floor: 2 }, ...over,
});

describe("event log", () => {
  let t: TestDb;
  let log: EventLog;
  before(async () => {
    t = await createTestDb();
    await t.db.prisma.campus.create({ data: { id: "c1", name: "Test", originLat: 31, originLon: 121, boundaryJson: "[]" } });
    log = createEventLog(t.db);
  });
  after(async () => {
    await log.close();
    await t.drop();
  });

  it("assigns increasing seq in append order and reads events back intact", async () => {
    const start = await log.lastSeq();
    const results = await Promise.all([log.append([event("a1"), event("a2")]), log.append([event("a3")])]);
    const seqs = results.flatMap((r) => r.stored.map((e) => e.seq));
    assert.deepEqual(seqs, [start + 1, start + 2, start + 3]);
    const back = await log.since(start);
    assert.deepEqual(back.map((e) => e.id), ["a1", "a2", "a3"]);
    assert.deepEqual(back[0]!.location, { xM: 12.5, yM: -3, floor: 2 });
    assert.equal(back[0]!.occurredAt.toISOString(), "2026-11-27T08:00:00.000Z");
    assert.deepEqual(back[0]!.source, { protocol: "dc09", rawRef: null });
  });

  it("stores an id once: a retransmission is reported as a duplicate", async () => {
    const first = await log.append([event("dup-1")]);
    const again = await log.append([event("dup-1"), event("new-1")]);
    assert.equal(first.stored.length, 1);
    assert.deepEqual(again.duplicates, ["dup-1"]);
    assert.deepEqual(again.stored.map((e) => e.id), ["new-1"]);
    const rows = await t.db.prisma.event.count({ where: { id: "dup-1" } });
    assert.equal(rows, 1);
  });

  it("notifies subscribers after commit, and rejects an invalid event without writing", async () => {
    const seen: string[] = [];
    const off = log.subscribe((es) => seen.push(...es.map((e) => e.id)));
    await log.append([event("sub-1")]);
    off();
    assert.deepEqual(seen, ["sub-1"]);
    const before = await log.lastSeq();
    await assert.rejects(log.append([event("bad", { kind: "NotDotted" })]));
    assert.equal(await log.lastSeq(), before);
  });

  it("keeps submission order across a burst split into pipelined batches, and tells listeners in seq order", async () => {
    const seen: number[] = [];
    const off = log.subscribe((stored) => seen.push(...stored.map((e) => e.seq)));
    const start = await log.lastSeq();
    // 40 appends of 50: more than one batch's worth, so several are in flight to the writer at once.
    const results = await Promise.all(Array.from({ length: 40 }, (_, a) =>
      log.append(Array.from({ length: 50 }, (_, i) => event(`burst-${a}-${i}`, { kind: "access.granted", severity: 0 })))));
    off();
    const seqs = results.flatMap((r) => r.stored.map((e) => e.seq));
    assert.deepEqual(seqs, Array.from({ length: 2000 }, (_, i) => start + 1 + i), "seqs follow submission order, no gap");
    assert.deepEqual(seen, seqs, "listeners get every event once, in seq order");
    assert.deepEqual(results[7]!.stored.map((e) => e.id), Array.from({ length: 50 }, (_, i) => `burst-7-${i}`));
  });

  for (const mode of ["idle", "append", "close-early"]) {
    it(`neither keeps the process alive when left open nor lets it go before a close completes (${mode})`, () => {
      const script = fileURLToPath(new URL("../../test/support/idle-event-log.ts", import.meta.url));
      const r = spawnSync(process.execPath, ["--import", "tsx", script, mode], { encoding: "utf8", timeout: 30_000 });
      assert.equal(r.signal, null, `the process had to be killed: ${r.stderr}`);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /done/);
    });
  }
});
