import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { saveCampusModel } from "../../server/campus/persist";
import { createEventLog } from "../../server/events/log";
import type { NewCampusEvent } from "../../server/contracts/event";
import { DENSITY_FRESH_MS, latestDensity, mapState, openMapIncidents, patrolToday } from "../../server/api/queries/city";
import { createTestDb, type TestDb } from "../support/db";
import { smallCampus } from "../e2e/fixtures/small-campus";

// The /map layers' read models (issue 9): patrol check-ins today (latest per checkpoint and per
// guard), open incidents and the latest fresh density per zone. Runs on SQLite and, with
// TEST_DATABASE_URL, PostgreSQL.

const CAMPUS = { id: "map-layers", timeZone: "Asia/Shanghai" };
// 2026-03-10 14:00 in Shanghai (UTC+8); that day starts at 2026-03-09T16:00Z.
const NOW = new Date("2026-03-10T06:00:00Z");
const minutesBefore = (min: number) => new Date(NOW.getTime() - min * 60_000);

function checkin(id: string, deviceId: string, guardId: string, at: Date, order: number, xM: number): NewCampusEvent {
  return {
    id, campusId: CAMPUS.id, kind: "patrol.checkin", severity: 0, occurredAt: at, deviceId,
    location: { xM, yM: 5, floor: 0 }, subject: { type: "person", ref: guardId, plate: null },
    source: { protocol: "mqtt", rawRef: null }, data: { guardId, routeId: "route-north", order, method: "nfc" },
  };
}

function density(id: string, zoneId: string, perM2: number, at: Date): NewCampusEvent {
  return {
    id, campusId: CAMPUS.id, kind: "density.sample", severity: 0, occurredAt: at, deviceId: null, location: null,
    source: { protocol: "mqtt", rawRef: null }, data: { zoneId, count: 10, areaM2: 10 / perM2, perM2 },
  };
}

describe("city map layers (patrol, guards, incidents, density)", () => {
  let t: TestDb;

  before(async () => {
    t = await createTestDb();
    await saveCampusModel(t.db.prisma, smallCampus(CAMPUS.id));
    const log = createEventLog(t.db);
    await log.append([
      // Yesterday (Shanghai): must not count as today's patrol.
      checkin("c-yday", "cp-1", "guard-old", new Date("2026-03-09T15:30:00Z"), 1, 1),
      checkin("c-1", "cp-1", "guard-a", minutesBefore(180), 1, 10),
      checkin("c-2", "cp-2", "guard-a", minutesBefore(170), 2, 20),
      checkin("c-3", "cp-1", "guard-b", minutesBefore(30), 1, 11),
      density("d-old", "zone-a", 9, minutesBefore(DENSITY_FRESH_MS / 60_000 + 5)),
      density("d-1", "zone-a", 1.5, minutesBefore(10)),
      density("d-2", "zone-a", 2.5, minutesBefore(2)),
      density("d-3", "zone-b", 0.4, minutesBefore(3)),
    ]);
    await log.close();
    const base = { campusId: CAMPUS.id, title: "围栏报警", openedSeq: 1, updatedAt: NOW, xM: 3, yM: 4 };
    await t.db.prisma.incident.createMany({ data: [
      { ...base, id: "inc-open", kind: "fence_alarm", severity: 3, state: "open", openedAt: minutesBefore(20) },
      { ...base, id: "inc-crit", kind: "fire", severity: 4, state: "dispatched", openedAt: minutesBefore(10) },
      { ...base, id: "inc-done", kind: "fence_alarm", severity: 3, state: "resolved", openedAt: minutesBefore(50) },
    ] });
  });

  after(async () => {
    await t?.drop();
  });

  it("keeps the latest check-in today per checkpoint and per guard", async () => {
    const { checkpoints, guards } = await patrolToday(t.db, CAMPUS, NOW);
    const byDevice = Object.fromEntries(checkpoints.map((c) => [c.deviceId, c]));
    assert.deepEqual(Object.keys(byDevice).sort(), ["cp-1", "cp-2"]);
    assert.equal(byDevice["cp-1"]!.guardId, "guard-b", "the newest check-in of cp-1");
    assert.equal(byDevice["cp-2"]!.order, 2);
    assert.equal(byDevice["cp-2"]!.routeId, "route-north");
    const byGuard = Object.fromEntries(guards.map((g) => [g.guardId, g]));
    assert.deepEqual(Object.keys(byGuard).sort(), ["guard-a", "guard-b"], "yesterday's guard is not on the map");
    assert.equal(byGuard["guard-a"]!.deviceId, "cp-2");
    assert.equal(byGuard["guard-a"]!.xM, 20);
    assert.equal(byGuard["guard-b"]!.occurredAt, minutesBefore(30).toISOString());
  });

  it("lists open incidents only, most severe first", async () => {
    const incidents = await openMapIncidents(t.db, CAMPUS.id);
    assert.deepEqual(incidents.map((i) => i.id), ["inc-crit", "inc-open"]);
    assert.equal(incidents[0]!.xM, 3);
  });

  it("keeps the latest fresh density sample per zone", async () => {
    const zones = await latestDensity(t.db, CAMPUS.id, NOW);
    const byZone = Object.fromEntries(zones.map((z) => [z.zoneId, z.perM2]));
    assert.deepEqual(byZone, { "zone-a": 2.5, "zone-b": 0.4 });
  });

  it("mapState carries all layers", async () => {
    const state = await mapState(t.db, CAMPUS, NOW);
    assert.equal(state.checkpoints.length, 2);
    assert.equal(state.guards.length, 2);
    assert.equal(state.openIncidents.length, 2);
    assert.equal(state.density.length, 2);
    assert.ok(state.lastSeq >= 8);
  });
});
