import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { NewCampusEvent } from "../../server/contracts/event";
import { createHarness, devicesOf, type Harness } from "./harness";

// Rule table: each row plays a few events (t = seconds after the row's start) and says how many
// incidents of which kind they must open. Rows are a day apart, beyond every join window.

type Step = { atS: number; kind: string; device: (h: Harness) => string | null; data?: Record<string, unknown>; subject?: NewCampusEvent["subject"] };
interface Row { name: string; steps: Step[]; incidentKind: string; expect: number; severity?: number }

const fence = (i: number) => (h: Harness) => devicesOf(h.model, "fence_segment")[i]!.id;
const first = (kind: string, i = 0) => (h: Harness) => devicesOf(h.model, kind)[i]!.id;
const smokeInBuilding = (i: number) => (h: Harness) => {
  const smokes = devicesOf(h.model, "smoke_sensor");
  const b = smokes.find((s) => s.buildingId && smokes.filter((x) => x.buildingId === s.buildingId).length >= 2)!.buildingId;
  return smokes.filter((s) => s.buildingId === b)[i]!.id;
};
const face = (ref: string) => ({ type: "person" as const, ref, plate: null });
const densityDevice = (h: Harness) => devicesOf(h.model, "density_camera").find((d) => {
  const z = h.model.zones.find((zz) => zz.id === d.attrs.zoneId);
  return z?.densityLimitPerM2;
})!.id;
const zoneOfDensity = (h: Harness) => String(h.model.devices.find((d) => d.id === densityDevice(h))!.attrs.zoneId);

const ROWS: Row[] = [
  { name: "two fence alarms 10 s apart on adjacent segments → one incident", incidentKind: "fence_alarm", expect: 1, severity: 3,
    steps: [{ atS: 0, kind: "fence.alarm", device: fence(0) }, { atS: 10, kind: "fence.alarm", device: fence(1) }] },
  { name: "two fence alarms 10 s apart on far-apart segments → two", incidentKind: "fence_alarm", expect: 2,
    steps: [{ atS: 0, kind: "fence.alarm", device: fence(0) }, { atS: 10, kind: "fence.alarm", device: fence(8) }] },
  { name: "same fence segment again after the 30 s window → two", incidentKind: "fence_alarm", expect: 2,
    steps: [{ atS: 0, kind: "fence.alarm", device: fence(2) }, { atS: 45, kind: "fence.alarm", device: fence(2) }] },
  { name: "intrusion detector twice → one", incidentKind: "intrusion", expect: 1,
    steps: [{ atS: 0, kind: "alarm.intrusion", device: first("intrusion_detector") }, { atS: 20, kind: "alarm.intrusion", device: first("intrusion_detector") }] },
  { name: "panic button → one critical", incidentKind: "panic", expect: 1, severity: 4,
    steps: [{ atS: 0, kind: "alarm.panic", device: first("panic_button") }] },
  { name: "two smoke detectors of one building → one fire", incidentKind: "fire", expect: 1, severity: 4,
    steps: [{ atS: 0, kind: "fire.smoke", device: smokeInBuilding(0) }, { atS: 30, kind: "fire.smoke", device: smokeInBuilding(1) }] },
  { name: "electrical-fire alarm → one", incidentKind: "electric_fire", expect: 1,
    steps: [{ atS: 0, kind: "electric.alarm", device: first("electric_fire_sensor"), data: { residualCurrentMa: 420 } }] },
  { name: "forced door → one", incidentKind: "door_forced", expect: 1, steps: [{ atS: 0, kind: "access.forced", device: first("access_door") }] },
  { name: "door held open → one", incidentKind: "door_held_open", expect: 1, steps: [{ atS: 0, kind: "access.held_open", device: first("access_door", 1) }] },
  { name: "watchlist face seen by two cameras → one", incidentKind: "watchlist", expect: 1,
    steps: [{ atS: 0, kind: "face.watchlist_hit", device: first("face_camera"), subject: face("p-9") },
      { atS: 60, kind: "face.watchlist_hit", device: first("face_camera", 1), subject: face("p-9") }] },
  { name: "two different watchlist plates → two", incidentKind: "watchlist", expect: 2,
    steps: [{ atS: 0, kind: "vehicle.watchlist_hit", device: first("lpr_camera"), subject: { type: "vehicle", ref: null, plate: "沪A12345" } },
      { atS: 5, kind: "vehicle.watchlist_hit", device: first("lpr_camera"), subject: { type: "vehicle", ref: null, plate: "沪B99999" } }] },
  { name: "density over the zone limit → one, repeated samples join", incidentKind: "crowd_density", expect: 1,
    steps: [{ atS: 0, kind: "density.sample", device: densityDevice, data: { perM2: 9, count: 900 } },
      { atS: 10, kind: "density.sample", device: densityDevice, data: { perM2: 9.5, count: 950 } }] },
  { name: "density under the limit → none", incidentKind: "crowd_density", expect: 0,
    steps: [{ atS: 0, kind: "density.sample", device: densityDevice, data: { perM2: 0.01, count: 1 } }] },
  { name: "behaviour.loitering from a camera → one", incidentKind: "loitering", expect: 1,
    steps: [{ atS: 0, kind: "behaviour.loitering", device: first("camera", 3) }] },
  { name: "a subject sighted in one zone for 11 min → loitering", incidentKind: "loitering", expect: 1,
    steps: [{ atS: 0, kind: "face.capture", device: first("face_camera"), subject: face("p-77") },
      { atS: 660, kind: "face.capture", device: first("face_camera"), subject: face("p-77") }] },
  { name: "a subject sighted twice 2 min apart → no loitering", incidentKind: "loitering", expect: 0,
    steps: [{ atS: 0, kind: "face.capture", device: first("face_camera"), subject: face("p-78") },
      { atS: 120, kind: "face.capture", device: first("face_camera"), subject: face("p-78") }] },
  { name: "access at 03:00 campus time on a 07:00–22:00 door → one", incidentKind: "after_hours_access", expect: 1,
    steps: [{ atS: 0, kind: "access.granted", device: first("access_door", 2), subject: face("p-5") }] },
  { name: "access at 10:00 campus time on a 07:00–22:00 door → none", incidentKind: "after_hours_access", expect: 0,
    steps: [{ atS: 7 * 3600, kind: "access.granted", device: first("access_door", 2), subject: face("p-5") }] },
];

describe("linkage rules", () => {
  let h: Harness;
  before(async () => {
    // Rows start at 03:00 Asia/Shanghai (19:00 UTC).
    h = await createHarness({ start: new Date("2026-03-01T19:00:00Z"), config: { accessSchedules: {} } });
    const door = devicesOf(h.model, "access_door")[2]!.id;
    // Schedules are configuration: restart fusion with one for the test door.
    await h.restart({ config: { accessSchedules: { [door]: { from: "07:00", to: "22:00" } } } });
  });
  after(() => h.close());

  ROWS.forEach((row, i) => {
    it(row.name, async () => {
      const dayStart = new Date(Date.parse("2026-03-01T19:00:00Z") + (i + 1) * 86_400_000);
      const before = new Set(h.fusion.incidents.list().map((x) => x.id));
      for (const s of row.steps) {
        h.clock.now = new Date(dayStart.getTime() + s.atS * 1000);
        await h.emit({ kind: s.kind, deviceId: s.device(h), data: s.data ?? {}, subject: s.subject ?? null });
      }
      const opened = h.fusion.incidents.list().filter((x) => !before.has(x.id) && x.kind === row.incidentKind);
      assert.equal(opened.length, row.expect, `${row.name}: ${JSON.stringify(opened.map((o) => o.title))}`);
      if (row.severity !== undefined) assert.equal(opened[0]!.severity, row.severity);
      if (row.expect === 1 && row.steps.length > 1 && row.incidentKind !== "loitering") assert.equal(opened[0]!.eventCount, row.steps.length);
      if (row.incidentKind === "crowd_density" && row.expect) assert.equal(opened[0]!.zoneId, zoneOfDensity(h));
    });
  });

  it("every rule has a row", () => {
    const kinds = new Set(ROWS.map((r) => r.incidentKind));
    for (const rule of h.fusion.rules) assert.ok(kinds.has(rule.incidentKind), rule.id);
  });

  it("a fence incident lists the perimeter camera watching its segment, ranked", () => {
    const inc = h.fusion.incidents.list().find((x) => x.kind === "fence_alarm")!;
    assert.ok(inc.cameras.length >= 1);
    assert.deepEqual(inc.cameras.map((c) => c.rank), inc.cameras.map((_, k) => k + 1));
    const seg = inc.deviceIds[0]!;
    const watcher = h.model.devices.find((d) => d.attrs.fenceSegmentId === seg)!;
    assert.ok(inc.cameras.some((c) => c.deviceId === watcher.id), JSON.stringify(inc.cameras));
  });
});
