import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { CampusEvent } from "../../server/contracts/event";
import { AGENT_PERSON, AGENT_VEHICLE, AgentBuffer } from "./agents";
import { buildDensityGrid, densityColour, paintDensity } from "./density-grid";
import { applyEvents, applyStateChanges } from "./live-apply";
import { initialLiveState } from "./live-store";

// The live view's pure parts: event folding (seq dedupe, display states), agent glides, the
// density raster behind the heatmap texture.

function event(seq: number, kind: string, deviceId: string | null, data: Record<string, unknown> = {}): CampusEvent {
  return {
    seq, id: `e${seq}`, campusId: "c", kind, severity: 3, occurredAt: new Date(1000 * seq), receivedAt: new Date(1000 * seq),
    deviceId, location: null, subject: null, source: { protocol: "dc09", rawRef: null }, data,
  };
}

describe("applyEvents", () => {
  it("folds fence, door and status events into display state, newest first, deduped by seq", () => {
    const s0 = initialLiveState("c");
    const s1 = { ...s0, ...applyEvents(s0, [event(2, "access.forced", "door-1"), event(1, "fence.alarm", "fence-3"), event(3, "device.offline", "cam-9")]) };
    assert.equal(s1.lastSeq, 3);
    assert.deepEqual(s1.events.map((e) => e.seq), [3, 2, 1]);
    assert.equal(s1.fences.get("fence-3"), "alarm");
    assert.equal(s1.doors.get("door-1"), "forced");
    assert.equal(s1.deviceStatus.get("cam-9"), "offline");
    assert.ok(s1.alarmDevices.has("fence-3") && s1.alarmDevices.has("door-1"));
    // A replayed batch (resume after reconnect) changes nothing.
    assert.deepEqual(applyEvents(s1, [event(1, "fence.alarm", "fence-3"), event(3, "device.offline", "cam-9")]), {});
    const s2 = { ...s1, ...applyEvents(s1, [event(4, "fence.alarm_restored", "fence-3")]) };
    assert.equal(s2.fences.get("fence-3"), "normal");
    assert.equal(s2.alarmDevices.has("fence-3"), false);
  });

  it("shows a priority-lane alarm at once without moving the cursor; its frame re-applies it in order, listed once", () => {
    const s0 = { ...initialLiveState("c"), ...applyEvents(initialLiveState("c"), [event(1, "access.granted", "door-1")]) };
    const preview = { ...s0, ...applyEvents(s0, [event(5, "fence.alarm", "fence-3")], { preview: true }) };
    assert.equal(preview.lastSeq, 1, "the cursor stays: events 2–4 are still to come");
    assert.equal(preview.fences.get("fence-3"), "alarm");
    assert.deepEqual(preview.events.map((e) => e.seq), [5, 1]);
    // The frame: a restore committed before the alarm, events 2–4, then the alarm again.
    const frame = [event(2, "fence.alarm_restored", "fence-3"), event(3, "access.granted", "door-1"), event(4, "access.granted", "door-1"), event(5, "fence.alarm", "fence-3")];
    const s1 = { ...preview, ...applyEvents(preview, frame) };
    assert.equal(s1.lastSeq, 5);
    assert.equal(s1.fences.get("fence-3"), "alarm", "applied in seq order: the later alarm wins over the earlier restore");
    assert.deepEqual(s1.events.map((e) => e.seq), [5, 4, 3, 2, 1], "each seq once, newest first");
    // A frame that ends before the previewed alarm keeps the feed in seq order.
    const early = { ...preview, ...applyEvents(preview, [event(3, "access.granted", "door-1")]) };
    assert.deepEqual(early.events.map((e) => e.seq), [5, 3, 1]);
    assert.equal(early.lastSeq, 3);
  });

  it("takes densities from density.sample and fusion state changes", () => {
    const s0 = initialLiveState("c");
    const s1 = { ...s0, ...applyEvents(s0, [event(1, "density.sample", "d1", { zoneId: "z1", perM2: 1.5, count: 30 })]) };
    assert.equal(s1.densities.get("z1")?.perM2, 1.5);
    assert.equal(s1.densityVersion, 1);
    const s2 = { ...s1, ...applyStateChanges(s1, [{ type: "density", value: { zoneId: "z1", perM2: 3, count: 60, at: new Date(0).toISOString() } }, { type: "fence", value: { deviceId: "f1", state: "fault" } }]) };
    assert.equal(s2.densities.get("z1")?.perM2, 3);
    assert.equal(s2.fences.get("f1"), "fault");
  });
});

describe("AgentBuffer", () => {
  it("glides from the drawn position to each new report and keeps kinds in their lanes", () => {
    const b = new AgentBuffer(4);
    const out = new Float32Array(2);
    assert.ok(b.report("p1", AGENT_PERSON, 0, 0, 1000, 1000));
    assert.ok(b.report("v1", AGENT_VEHICLE, 50, 50, 1000, 1000));
    b.report("p1", AGENT_PERSON, 10, 0, 2000, 1000);
    b.lanes[AGENT_PERSON].positionInto(0, 2500, out, 0);
    assert.ok(Math.abs(out[0]! - 5) < 0.01, `half-way at 5 m, got ${out[0]}`);
    // A new report mid-glide starts from where the agent is drawn (no jump back).
    b.report("p1", AGENT_PERSON, 10, 10, 2500, 1000);
    b.lanes[AGENT_PERSON].positionInto(0, 2500, out, 0);
    assert.ok(Math.abs(out[0]! - 5) < 0.01 && Math.abs(out[1]!) < 0.01);
    assert.equal(b.lanes[AGENT_PERSON].count, 1);
    assert.equal(b.lanes[AGENT_VEHICLE].count, 1);
    assert.equal(b.count, 2);
  });

  it("refuses reports beyond capacity instead of growing", () => {
    const b = new AgentBuffer(1);
    assert.ok(b.report("a", AGENT_PERSON, 0, 0, 0, 1));
    assert.equal(b.report("b", AGENT_PERSON, 0, 0, 0, 1), false);
  });
});

describe("density grid", () => {
  it("paints each zone's cells with its density colour and leaves the rest transparent", () => {
    const grid = buildDensityGrid([{ id: "z", floor: 0, polygon: [[0, 0], [50, 0], [50, 100], [0, 100]] }], { minE: 0, minN: 0, maxE: 100, maxN: 100 }, 10, 10);
    assert.equal(grid.cellsByZone.get("z")?.length, 50);
    const px = new Uint8Array(10 * 10 * 4);
    paintDensity(grid, (id) => (id === "z" ? 4 : undefined), px);
    assert.ok(px[3]! > 0, "west half painted");
    assert.equal(px[(9 * 4) + 3], 0, "east half transparent");
    const low = new Uint8Array(4);
    densityColour(0.01, low, 0);
    assert.equal(low[3], 0, "near-empty zones stay transparent");
  });
});
