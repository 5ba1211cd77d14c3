import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { generateCampus } from "../server/campus/generator/campus";
import type { DeviceAction } from "../simulators/population/actions";
import { ZFault } from "../simulators/population/faults";
import { simulateDay, type SimulatedDay } from "../simulators/population/model";

// The population model is a pure function of (campus, seed, day): these tests read its output
// directly (a simulated day in ~1 s) instead of playing it at 600× against a server.

const campus = generateCampus({ size: "small", seed: 11 });
const SIZE = { students: 900, staff: 90, visitors: 40 };
const day = simulateDay(campus, { seed: 42, date: "2026-03-02", size: SIZE });

const localHour = (d: SimulatedDay, a: DeviceAction) => (a.atMs - d.dayStartMs) / 3_600_000;
const inHours = (d: SimulatedDay, a: DeviceAction, from: number, to: number) => localHour(d, a) >= from && localHour(d, a) < to;

/** Peak density count over the zones of one kind within [fromH, toH) local hours. */
function peak(d: SimulatedDay, zoneKind: string, fromH: number, toH: number): number {
  const zones = new Set(campus.zones.filter((z) => z.kind === zoneKind).map((z) => z.id));
  let max = 0;
  for (const a of d.actions) {
    if (a.type === "density" && zones.has(a.zoneId) && inHours(d, a, fromH, toH)) max = Math.max(max, a.count);
  }
  return max;
}

describe("population model", () => {
  it("gives the same day for the same seed, and another day for another seed", () => {
    const again = simulateDay(campus, { seed: 42, date: "2026-03-02", size: SIZE });
    const key = (d: SimulatedDay) => d.actions.map((a) => `${a.atMs}|${a.type}|${a.device.id}|${JSON.stringify({ ...a, device: undefined })}`);
    assert.deepEqual(key(again), key(day));
    const other = simulateDay(campus, { seed: 43, date: "2026-03-02", size: SIZE });
    assert.notDeepEqual(key(other).slice(0, 200), key(day).slice(0, 200));
  });

  it("returns actions sorted by time, within the campus-local day", () => {
    for (let i = 1; i < day.actions.length; i++) assert.ok(day.actions[i - 1]!.atMs <= day.actions[i]!.atMs);
    assert.ok(day.actions.every((a) => a.atMs >= day.dayStartMs && a.atMs < day.dayEndMs));
    assert.equal(new Date(day.dayStartMs).toISOString(), "2026-03-01T16:00:00.000Z"); // 00:00 Asia/Shanghai
  });

  it("fills the canteens at meal times", () => {
    const idle = peak(day, "canteen", 9, 10.5);
    for (const [from, to] of [[7, 8], [11.5, 13], [17.5, 19]] as const) {
      assert.ok(peak(day, "canteen", from, to) > 5 * Math.max(idle, 10), `canteen ${from}-${to}h: ${peak(day, "canteen", from, to)} vs idle ${idle}`);
    }
  });

  it("crowds the stairs at class changes, not during classes", () => {
    const inClass = peak(day, "stairs", 10, 11.4);
    for (const [from, to] of [[9.5, 10], [11.5, 12], [15.5, 16], [17.5, 18]] as const) {
      assert.ok(peak(day, "stairs", from, to) > 3 * Math.max(inClass, 3), `stairs ${from}-${to}h: ${peak(day, "stairs", from, to)} vs ${inClass}`);
    }
  });

  it("brings people in through the gates in the morning and out in the evening", () => {
    const faces = (dir: "in" | "out", from: number, to: number) =>
      day.actions.filter((a) => a.type === "face" && a.direction === dir && inHours(day, a, from, to)).length;
    assert.ok(faces("in", 7, 8.5) > 5 * Math.max(1, faces("in", 10, 11.5)), `in ${faces("in", 7, 8.5)}`);
    assert.ok(faces("out", 17, 18.5) > 5 * Math.max(1, faces("out", 10, 11.5)));
    const lprIn = day.actions.filter((a) => a.type === "lpr" && a.direction === "in").length;
    assert.ok(lprIn > 20, `${lprIn} vehicles in`);
  });

  it("swipes doors, walks patrol rounds in order and reports sensors", () => {
    const granted = day.actions.filter((a) => a.type === "access" && a.outcome === "granted");
    assert.ok(granted.length > SIZE.students * 4);
    const rounds = day.actions.filter((a) => a.type === "patrol");
    assert.ok(rounds.length > 0);
    const first = rounds.filter((a) => a.type === "patrol" && a.guardId === "G01").slice(0, 3);
    assert.deepEqual(first.map((a) => (a.type === "patrol" ? a.order : 0)), [1, 2, 3]);
    assert.ok(day.actions.some((a) => a.type === "electric"));
  });

  it("injects faults on demand", () => {
    const at = (h: number) => day.dayStartMs + h * 3_600_000;
    const door = campus.devices.find((d) => d.kind === "access_door")!;
    const den = campus.devices.find((d) => d.kind === "density_camera")!;
    const faults = [
      { type: "forced_door", atMs: at(23.5), device: door.externalId },
      { type: "device_offline", atMs: at(8), durationMs: 3_600_000, device: den.id },
      { type: "clock_drift", atMs: at(12), driftMs: 45_000, device: den.id },
      { type: "watchlist_face", atMs: at(9) },
      { type: "watchlist_vehicle", atMs: at(10), plate: "沪A12345" },
      { type: "bad_frames", atMs: at(11), count: 5 },
      { type: "electrical_fire", atMs: at(22) },
    ].map((f) => ZFault.parse(f));
    const d = simulateDay(campus, { seed: 42, date: "2026-03-02", size: SIZE, faults });
    const forced = d.actions.find((a) => a.type === "access" && a.outcome === "forced")!;
    assert.equal(forced.device.id, door.id);
    assert.equal(forced.atMs, at(23.5));
    const denActs = d.actions.filter((a) => a.device.id === den.id);
    assert.ok(!denActs.some((a) => a.type === "density" && a.atMs >= at(8) && a.atMs < at(9)));
    assert.deepEqual(denActs.filter((a) => a.type === "status").map((a) => (a.type === "status" ? a.status : "")), ["offline", "online"]);
    assert.ok(denActs.filter((a) => a.atMs >= at(12)).every((a) => a.clockSkewMs === 45_000));
    assert.ok(d.actions.some((a) => a.type === "face" && a.watchlist));
    assert.ok(d.actions.some((a) => a.type === "lpr" && a.watchlist && a.plate === "沪A12345"));
    assert.ok(d.actions.some((a) => a.type === "bad_frame" && a.count === 5));
    const hot = d.actions.filter((a) => a.type === "electric" && a.atMs >= at(22) && a.atMs < at(22.2));
    assert.ok(hot.some((a) => a.type === "electric" && a.temperatureC >= 80));
    assert.ok(d.actions.some((a) => a.type === "smoke" && a.state === "alarm" && a.atMs === at(22) + 300_000));
  });
});
