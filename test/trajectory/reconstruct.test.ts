import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { saveCampusModel } from "../../server/campus/persist";
import type { NewCampusEvent } from "../../server/contracts/event";
import { createEventLog, type EventLog } from "../../server/events/log";
import { createHistoryIndexer } from "../../server/history/indexer";
import { searchArchive } from "../../server/trajectory/search";
import { trajectoryOf } from "../../server/trajectory/sightings";
import { fixtureCampus } from "../population-fixture";
import { createTestDb, type TestDb } from "../support/db";

// Trajectory reconstruction on a scripted walk (issue 8 tests): a person is seen at the main
// gate's face camera, swipes a card into the dormitory, then into the canteen; the reconstructed
// legs follow the path network exactly as scripted. A plate read at the vehicle gate ten seconds
// after the canteen swipe is a jump no one can make on foot: it is flagged, not drawn.

const campus = fixtureCampus("traj");
const T0 = Date.parse("2026-03-04T01:00:00Z");
const node = (x: number, y: number) => [x, y] as [number, number];
// The fixture's node positions (test/population-fixture.ts).
const G_MAIN = node(200, 0), J1 = node(200, 60), J2 = node(100, 60), J3 = node(300, 60), E_DORM = node(100, 100), E_CANTEEN = node(300, 100);

function dev(idSuffix: string) {
  const d = campus.devices.find((x) => x.id.endsWith(idSuffix));
  assert.ok(d, idSuffix);
  return d;
}

function sighting(n: number, atS: number, deviceSuffix: string, kind: string, subject: NewCampusEvent["subject"]): NewCampusEvent {
  const d = dev(deviceSuffix);
  return {
    id: `walk-${n}`, campusId: campus.id, kind, severity: 0, occurredAt: new Date(T0 + atS * 1000), deviceId: d.id,
    location: { xM: d.position[0], yM: d.position[1], floor: 0 }, subject, source: { protocol: "simulator", rawRef: null }, data: {},
  };
}

describe("trajectory reconstruction", { timeout: 60_000 }, () => {
  let t: TestDb;
  let events: EventLog;
  const person = { type: "person" as const, ref: "P-0001", plate: null };

  before(async () => {
    t = await createTestDb();
    await saveCampusModel(t.db.prisma, campus);
    await t.db.prisma.person.create({ data: { id: "P-0001", campusId: campus.id, name: "李明", role: "student", cardNo: "C-77" } });
    events = createEventLog(t.db);
    await events.append([
      sighting(1, 0, "-face-1", "face.capture", person),
      // The dorm controller reports only the card: the indexer resolves it to the person.
      sighting(2, 200, "-0001", "access.granted", { type: "person", ref: "card:C-77", plate: null }),
      sighting(3, 500, "-0002", "access.granted", person),
      sighting(4, 510, "-lpr-in", "face.capture", person),
      sighting(5, 505, "-lpr-in", "lpr.read", { type: "vehicle", ref: null, plate: "沪A12345" }),
    ]);
    const indexer = createHistoryIndexer({ db: t.db, events });
    await indexer.catchUp();
    await indexer.stop();
  });
  after(async () => {
    await events.close();
    await t.drop();
  });

  it("orders the sightings from every source in time and resolves the card to the person", async () => {
    const tr = await trajectoryOf(t.db, { campusId: campus.id, subjectKey: "person:P-0001", limit: 100 });
    assert.deepEqual(tr.sightings.map((s) => s.kind), ["face.capture", "access.granted", "access.granted", "face.capture"]);
    assert.deepEqual(tr.sightings.map((s) => (s.at.getTime() - T0) / 1000), [0, 200, 500, 510]);
  });

  it("draws the scripted route between consecutive sightings", async () => {
    const tr = await trajectoryOf(t.db, { campusId: campus.id, subjectKey: "person:P-0001", limit: 100 });
    const [gateToDorm, dormToCanteen] = tr.legs;
    // Inner points are the path nodes walked; the ends are the sighting devices themselves.
    assert.deepEqual(gateToDorm!.line.slice(1, -1), [G_MAIN, J1, J2, E_DORM]);
    assert.deepEqual(dormToCanteen!.line.slice(1, -1), [E_DORM, J2, J1, J3, E_CANTEEN]);
    assert.ok(gateToDorm!.plausible && dormToCanteen!.plausible);
    assert.ok(Math.abs(gateToDorm!.lengthM - 216) < 5, `gate → dorm ${gateToDorm!.lengthM} m`);
  });

  it("flags an impossible jump instead of drawing it", async () => {
    const tr = await trajectoryOf(t.db, { campusId: campus.id, subjectKey: "person:P-0001", limit: 100 });
    const jump = tr.legs[2]!;
    assert.equal(jump.plausible, false);
    assert.equal(jump.reason, "too_fast");
    assert.deepEqual(jump.line, []);
    assert.equal(tr.implausibleLegs, 1);
  });

  it("finds subjects by card, partial plate and co-occurrence", async () => {
    const base = { campusId: campus.id, purpose: "案件核查", windowS: 120, radiusM: 150, limit: 10, value: "" } as const;
    assert.deepEqual((await searchArchive(t.db, { ...base, by: "card", value: "C-77" })).map((h) => h.subjectKey), ["person:P-0001"]);
    assert.deepEqual((await searchArchive(t.db, { ...base, by: "plate_partial", value: "A123" })).map((h) => h.subjectKey), ["vehicle:沪A12345"]);
    const near = await searchArchive(t.db, { ...base, by: "cooccurrence", value: "person:P-0001", subjectType: "vehicle" });
    assert.deepEqual(near.map((h) => h.subjectKey), ["vehicle:沪A12345"]);
    assert.equal((await searchArchive(t.db, { ...base, by: "person", value: "P-0001" }))[0]!.label, "李明");
  });
});
