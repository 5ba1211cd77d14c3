import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { reconcileTables } from "../../server/fusion/persist";
import type { DerivedState } from "../../server/fusion/state";
import type { Db } from "../../server/store/db";
import { createHarness, devicesOf, type Harness } from "./harness";

// A fusion restart over an existing log (the server restarting), the repair of tables that lag
// the log, and what happens on processing errors: counted, logged at error level, processing goes on.

describe("fusion restart", () => {
  let h: Harness;
  before(async () => { h = await createHarness({ start: new Date("2026-03-04T02:00:00Z") }); });
  after(() => h.close());

  it("rebuilds the same state, keeps the tables current, and joins across the restart", async () => {
    const fences = devicesOf(h.model, "fence_segment");
    await h.emit({ kind: "fence.alarm", deviceId: fences[0]!.id, severity: 3 });
    const inc = h.fusion.incidents.list({ open: true }).find((i) => i.kind === "fence_alarm")!;
    await h.fusion.incidents.acknowledge(inc.id, "op-1");
    await h.emit({ kind: "device.offline", deviceId: devicesOf(h.model, "camera")[0]!.id });
    const beforeRestart = h.fusion.state.snapshot();

    await h.restart();
    assert.deepEqual(h.fusion.state.snapshot(), beforeRestart);
    // Every row already matches the replayed state (dates round-trip exactly on this provider).
    assert.deepEqual(await reconcileTables(h.t.db, h.fusion.state as DerivedState), { incidents: 0, faults: 0, devices: 0 });

    h.clock.advance(10_000);
    await h.emit({ kind: "fence.alarm", deviceId: fences[1]!.id, severity: 3 });
    const joined = h.fusion.incidents.get(inc.id)!;
    assert.equal(joined.eventCount, 2);
    assert.equal(joined.state, "acknowledged");
    assert.equal(h.fusion.incidents.list({ open: true }).filter((i) => i.kind === "fence_alarm").length, 1);
  });

  it("repairs a table row that lags the log (even a closed incident) on start", async () => {
    const inc = h.fusion.incidents.list({ open: true }).find((i) => i.kind === "fence_alarm")!;
    await h.fusion.incidents.markFalseAlarm(inc.id, "op-1", "wind");
    // A crash between the log commit and the table write leaves the old row behind.
    await h.t.db.prisma.incident.update({ where: { id: inc.id }, data: { state: "acknowledged", closedAt: null } });
    await h.restart();
    const row = await h.t.db.prisma.incident.findUniqueOrThrow({ where: { id: inc.id } });
    assert.equal(row.state, "false_alarm");
    assert.ok(row.closedAt);
  });

  it("counts and logs an event whose apply throws, skips it, and goes on", async () => {
    const state = h.fusion.state as DerivedState;
    const apply = state.apply.bind(state);
    state.apply = (e, fx) => {
      if (e.kind === "test.poison") throw new Error("rule bug");
      apply(e, fx);
    };
    await assert.rejects(h.emit({ kind: "test.poison" }), /fusion logged errors[\s\S]*rule bug/);
    assert.equal(h.metrics.counter("campustwin_fusion_errors_total", "").get({ stage: "apply" }), 1);
    h.clock.advance(86_400_000);
    await h.emit({ kind: "alarm.panic", deviceId: devicesOf(h.model, "panic_button")[0]!.id });
    assert.equal(h.fusion.incidents.list({ open: true }).filter((i) => i.kind === "panic").length, 1);
  });
});

describe("fusion commit failures", () => {
  let h: Harness;
  let failing = false;
  /** The database with `$transaction` failing while `failing` is set (a PostgreSQL outage). */
  const flaky = (db: Db): Db => ({
    ...db,
    prisma: new Proxy(db.prisma, {
      get(target, prop) {
        if (prop === "$transaction" && failing) return () => Promise.reject(new Error("simulated outage"));
        return Reflect.get(target, prop, target) as unknown;
      },
    }),
  });
  before(async () => { h = await createHarness({ wrapDb: flaky, config: { commitRetryDelaysMs: [1, 1] } }); });
  after(() => h.close());

  it("keeps alarms live through a failed commit, counts it, and catches up later", async () => {
    const told: string[] = [];
    h.fusion.onIncident((n) => told.push(`${n.change}:${n.incident.kind}`));
    failing = true;
    const fences = devicesOf(h.model, "fence_segment");
    await assert.rejects(h.emit({ kind: "fence.alarm", deviceId: fences[0]!.id, severity: 3 }), /committing effects failed[\s\S]*simulated outage/);
    const inc = h.fusion.incidents.list({ open: true })[0]!;
    assert.deepEqual(told, ["opened:fence_alarm"]); // the duty room still hears it
    assert.equal(h.metrics.counter("campustwin_fusion_errors_total", "").get({ stage: "commit" }), 1);
    assert.equal(h.metrics.gauge("campustwin_fusion_commit_backlog", "").get(), 1);
    assert.equal(await h.t.db.prisma.incident.count(), 0);

    failing = false;
    h.clock.advance(60_000);
    await h.emit({ kind: "fence.alarm", deviceId: fences[8]!.id, severity: 3 });
    assert.equal(h.metrics.gauge("campustwin_fusion_commit_backlog", "").get(), 0);
    const row = await h.t.db.prisma.incident.findUniqueOrThrow({ where: { id: inc.id } });
    assert.equal(row.kind, "fence_alarm");
    assert.equal(await h.t.db.prisma.incident.count(), 2);
    const opened = await h.events.since(0, { limit: 1000 });
    assert.ok(opened.some((e) => e.kind === "incident.opened" && e.data.incidentId === inc.id), "carried output appended");
  });
});
