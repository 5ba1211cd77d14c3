import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createHistoryIndexer, type HistoryIndexer } from "../../server/history/indexer";
import { seek } from "../../server/history/seek";
import { timeline } from "../../server/history/timeline";
import { createHarness, devicesOf, type Harness } from "../fusion/harness";

// Historical state (issue 8 tests): a fence segment alarms at t1 and is cleared at t2; a seek to
// t1+1 s shows it alarming with its incident, a seek to t2+1 s shows it normal, while the live
// state (fusion, now) differs because it alarmed again at t3. Snapshots are taken every few
// events, so the seeks start from a snapshot and replay only a bounded tail.

describe("history seek", { timeout: 120_000 }, () => {
  let h: Harness;
  let indexer: HistoryIndexer;
  let fenceId: string;
  let t1: Date, t2: Date, t3: Date;
  const SNAPSHOT_EVERY = 4;

  before(async () => {
    h = await createHarness();
    indexer = createHistoryIndexer({ db: h.t.db, events: h.events, snapshotEveryEvents: SNAPSHOT_EVERY });
    await indexer.start();
    fenceId = devicesOf(h.model, "fence_segment")[0]!.id;
    const door = devicesOf(h.model, "access_door")[0]!.id;
    // Background traffic so the log holds more than one snapshot interval before each instant.
    for (let i = 0; i < 10; i++) {
      await h.emit({ kind: "access.door_state", deviceId: door, data: { state: i % 2 ? "open" : "closed" } });
      h.clock.advance(5_000);
    }
    t1 = h.clock.now;
    await h.emit({ kind: "fence.alarm", deviceId: fenceId, severity: 3 });
    for (let i = 0; i < 6; i++) {
      h.clock.advance(10_000);
      await h.emit({ kind: "access.door_state", deviceId: door, data: { state: "closed" } });
    }
    t2 = h.clock.now;
    await h.emit({ kind: "fence.alarm_restored", deviceId: fenceId, severity: 0 });
    for (let i = 0; i < 6; i++) {
      h.clock.advance(10_000);
      await h.emit({ kind: "access.door_state", deviceId: door, data: { state: "open" } });
    }
    t3 = h.clock.now;
    await h.emit({ kind: "fence.alarm", deviceId: fenceId, severity: 3 });
    await indexer.idle();
  });
  after(async () => {
    await indexer.stop();
    await h.close();
  });

  it("shows the fence alarming just after t1, normal just after t2, while live it alarms again", async () => {
    const atT1 = await seek(h.t.db, h.model.id, new Date(t1.getTime() + 1000));
    const atT2 = await seek(h.t.db, h.model.id, new Date(t2.getTime() + 1000));
    assert.equal(atT1.fences[fenceId], "alarm");
    assert.equal(atT1.devices[fenceId], "alarm");
    assert.ok(fenceId in atT1.alarms);
    assert.equal(atT2.fences[fenceId], "normal");
    assert.equal(atT2.devices[fenceId], undefined, "back to online (the default) after the restore");
    assert.ok(!(fenceId in atT2.alarms));
    const live = h.fusion.state.fences(h.model.id).find((f) => f.deviceId === fenceId);
    assert.equal(live?.state, "alarm", "live state differs from the replay at t2+1 s");
  });

  it("shows the incident as it stood then, with its SOP", async () => {
    const atT1 = await seek(h.t.db, h.model.id, new Date(t1.getTime() + 1000));
    const fenceIncidents = atT1.incidents.filter((i) => i.deviceIds.includes(fenceId));
    assert.equal(fenceIncidents.length, 1);
    assert.equal(fenceIncidents[0]!.state, "open");
    assert.ok(fenceIncidents[0]!.steps.length > 0);
    const before = await seek(h.t.db, h.model.id, new Date(t1.getTime() - 1000));
    assert.equal(before.incidents.filter((i) => i.deviceIds.includes(fenceId)).length, 0);
  });

  it("starts from a snapshot and replays at most one snapshot interval of events", async () => {
    const snapshots = await h.t.db.prisma.stateSnapshot.count({ where: { campusId: h.model.id } });
    assert.ok(snapshots >= 5, `${snapshots} snapshots`);
    for (const at of [t1, t2, t3]) {
      const s = await seek(h.t.db, h.model.id, new Date(at.getTime() + 1000));
      assert.ok(s.replayedEvents <= SNAPSHOT_EVERY, `${s.replayedEvents} events replayed`);
    }
  });

  it("puts the fence incident on the timeline as a span", async () => {
    const tl = await timeline(h.t.db, h.model.id, new Date(t1.getTime() - 60_000), new Date(t3.getTime() + 60_000));
    assert.ok(tl.incidents.some((s) => s.kind === "fence_alarm" && s.drill === null));
    assert.ok(tl.buckets.some((b) => (b.counts.fence ?? 0) > 0));
  });
});
