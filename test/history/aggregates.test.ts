import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { generateCampus } from "../../server/campus/generator/campus";
import { saveCampusModel } from "../../server/campus/persist";
import type { CampusEvent } from "../../server/contracts/event";
import type { Heatmap } from "../../server/contracts/history";
import { actionToEvents } from "../../server/drills/action-events";
import { createEventLog, type EventLog } from "../../server/events/log";
import { subjectKeyOf } from "../../server/fusion/rules/types";
import { heatmap, HEATMAP_CELL_M } from "../../server/history/heatmap";
import { createHistoryIndexer, SIGHTING_KINDS } from "../../server/history/indexer";
import { simulateDay } from "../../simulators/population/model";
import { createTestDb, type TestDb } from "../support/db";

// The indexer's hourly aggregates (issue 8 benchmark work): a day's heatmap read from
// SightingHour/DensityHour equals the same heatmap computed by scanning the day's events, for a
// whole day and for a window cut mid-hour; and an indexing run stopped and resumed (a server
// restart between two appends) leaves exactly the sightings, counts and snapshots of a
// straight run, where re-indexing from the last snapshot used to count some events twice; so
// do two indexers (two server nodes) working through one database at once.

const campus = generateCampus({ size: "small", seed: 11 });
const SIZE = { students: 120, staff: 15, visitors: 5 };
const HOUR_MS = 3_600_000;
const day = simulateDay(campus, { seed: 7, date: "2026-03-02", size: SIZE });
const events = day.actions.flatMap((a) => actionToEvents(a, { idPrefix: "agg:", campusId: campus.id, atMs: a.atMs }));
const SNAPSHOT_EVERY = 97;
const PAGE_SIZE = 250;

async function seeded(): Promise<{ t: TestDb; log: EventLog }> {
  const t = await createTestDb();
  await saveCampusModel(t.db.prisma, campus);
  return { t, log: createEventLog(t.db) };
}

async function indexAll(t: TestDb, log: EventLog): Promise<void> {
  const indexer = createHistoryIndexer({ db: t.db, events: log, snapshotEveryEvents: SNAPSHOT_EVERY, pageSize: PAGE_SIZE });
  await indexer.catchUp();
  await indexer.stop();
}

/** The heatmap as a scan of the events: every located sighting event, every density sample. */
function scanHeatmap(logged: readonly CampusEvent[], from: Date, to: Date, grid: Heatmap["grid"]): { counts: number[]; zones: Map<string, { samples: number; sum: number; max: number }> } {
  const counts = new Array<number>(grid.cols * grid.rows).fill(0);
  const zones = new Map<string, { samples: number; sum: number; max: number }>();
  for (const e of logged) {
    if (e.occurredAt < from || e.occurredAt >= to) continue;
    if (SIGHTING_KINDS.has(e.kind) && subjectKeyOf(e) && e.location) {
      const c = Math.floor((e.location.xM - grid.minE) / grid.cellM), r = Math.floor((e.location.yM - grid.minN) / grid.cellM);
      if (c >= 0 && c < grid.cols && r >= 0 && r < grid.rows) counts[r * grid.cols + c]!++;
    }
    if (e.kind === "density.sample" && typeof e.data.zoneId === "string" && typeof e.data.perM2 === "number") {
      const z = zones.get(e.data.zoneId) ?? { samples: 0, sum: 0, max: 0 };
      zones.set(e.data.zoneId, { samples: z.samples + 1, sum: z.sum + e.data.perM2, max: Math.max(z.max, e.data.perM2) });
    }
  }
  return { counts, zones };
}

const rows = async (t: TestDb) => ({
  sightings: (await t.db.prisma.sighting.findMany({ orderBy: { seq: "asc" } })).map((s) => `${s.seq}|${s.subjectKey}|${s.at.toISOString()}|${s.xM},${s.yM}`),
  sightingHours: (await t.db.prisma.sightingHour.findMany({ orderBy: [{ hourStart: "asc" }, { xM: "asc" }, { yM: "asc" }] })).map((h) => `${h.hourStart.toISOString()}|${h.xM},${h.yM}|${h.sightings}`),
  densityHours: (await t.db.prisma.densityHour.findMany({ orderBy: [{ hourStart: "asc" }, { zoneId: "asc" }] })).map((h) => `${h.hourStart.toISOString()}|${h.zoneId}|${h.samples}|${h.sumPerM2.toFixed(6)}|${h.maxPerM2}`),
  // A state's atMs is the last event's receivedAt, which differs between the two databases.
  snapshots: (await t.db.prisma.stateSnapshot.findMany({ orderBy: { seq: "asc" } })).map((s) => `${s.seq}|${JSON.stringify({ ...(JSON.parse(s.stateJson) as object), atMs: null })}`),
});

describe("history hourly aggregates", { timeout: 180_000 }, () => {
  let straight: { t: TestDb; log: EventLog };
  let logged: CampusEvent[];

  before(async () => {
    straight = await seeded();
    await straight.log.append(events);
    await indexAll(straight.t, straight.log);
    logged = await straight.log.since(0, { limit: events.length + 1 });
  });
  after(async () => {
    await straight.log.close();
    await straight.t.drop();
  });

  it("gives the event scan's heatmap for a whole day", async () => {
    assert.ok(logged.length > 3 * PAGE_SIZE, `${logged.length} events`);
    const from = new Date(day.dayStartMs), to = new Date(day.dayEndMs);
    assert.equal(from.getTime() % HOUR_MS, 0, "the campus's local midnight is a whole UTC hour");
    const hm = await heatmap(straight.t.db, campus.id, from, to);
    const scan = scanHeatmap(logged, from, to, hm.grid);
    assert.equal(hm.grid.cellM, HEATMAP_CELL_M);
    assert.ok(scan.counts.reduce((a, b) => a + b, 0) > 100, "the fixture day has sightings");
    assert.deepEqual(hm.grid.counts, scan.counts);
    assert.ok(scan.zones.size > 0, "the fixture day has density samples");
    assert.deepEqual(hm.zones.map((z) => z.zoneId), [...scan.zones.keys()].sort());
    for (const z of hm.zones) {
      const s = scan.zones.get(z.zoneId)!;
      assert.equal(z.samples, s.samples, z.zoneId);
      assert.ok(Math.abs(z.meanPerM2 - s.sum / s.samples) < 1e-3, `${z.zoneId} mean ${z.meanPerM2} vs ${s.sum / s.samples}`);
      assert.ok(Math.abs(z.maxPerM2 - s.max) < 1e-3, `${z.zoneId} peak`);
    }
  });

  it("gives the event scan's sighting grid for a window cut mid-hour, and for one inside an hour", async () => {
    const windows: Array<[number, number]> = [[7.3, 13.75], [9.1, 9.6]];
    for (const [fromH, toH] of windows) {
      const from = new Date(day.dayStartMs + fromH * HOUR_MS), to = new Date(day.dayStartMs + toH * HOUR_MS);
      const hm = await heatmap(straight.t.db, campus.id, from, to, 40);
      const scan = scanHeatmap(logged, from, to, hm.grid);
      assert.ok(scan.counts.some((n) => n > 0), `sightings in ${fromH}–${toH} h`);
      assert.deepEqual(hm.grid.counts, scan.counts, `${fromH}–${toH} h`);
    }
  });

  it("counts after an interrupted and resumed indexing run equal a straight run's", async () => {
    const resumed = await seeded();
    try {
      // Stopped after an odd page so the cursor lies between snapshots; resumed by new indexers.
      const cut1 = Math.floor(events.length / 3) + 17, cut2 = Math.floor((2 * events.length) / 3) + 5;
      await resumed.log.append(events.slice(0, cut1));
      await indexAll(resumed.t, resumed.log);
      await resumed.log.append(events.slice(cut1, cut2));
      await indexAll(resumed.t, resumed.log);
      await indexAll(resumed.t, resumed.log); // a restart with nothing new changes nothing
      await resumed.log.append(events.slice(cut2));
      await indexAll(resumed.t, resumed.log);
      const [a, b] = [await rows(straight.t), await rows(resumed.t)];
      assert.ok(a.sightings.length > 0 && a.sightingHours.length > 0 && a.densityHours.length > 0 && a.snapshots.length > 3);
      assert.deepEqual(b.sightings, a.sightings);
      assert.deepEqual(b.sightingHours, a.sightingHours);
      assert.deepEqual(b.densityHours, a.densityHours);
      assert.deepEqual(b.snapshots, a.snapshots, "the same snapshots at the same seqs with the same state");
    } finally {
      await resumed.log.close();
      await resumed.t.drop();
    }
  });

  it("counts every event once when two server nodes index one database at the same time", async () => {
    const shared = await seeded();
    try {
      await shared.log.append(events);
      const other = createEventLog(shared.t.db);
      await Promise.all([indexAll(shared.t, shared.log), indexAll(shared.t, other)]);
      await other.close();
      const [a, b] = [await rows(straight.t), await rows(shared.t)];
      assert.deepEqual(b.sightings, a.sightings);
      assert.deepEqual(b.sightingHours, a.sightingHours);
      assert.deepEqual(b.densityHours, a.densityHours);
    } finally {
      await shared.log.close();
      await shared.t.drop();
    }
  });
});
