import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { contextFor } from "../../server/api/context";
import { appRouter } from "../../server/api/root";
import { createApiServices } from "../../server/api/services";
import { createCallerFactory } from "../../server/api/trpc";
import type { SessionUser } from "../../server/contracts/auth";
import type { Incident } from "../../server/contracts/incident";
import { createDrillService, type DrillService } from "../../server/drills/runner";
import { createHarness, type Harness } from "../fusion/harness";

// A drill end to end (issue 8 tests): the night-fence-intrusion scenario runs in drill mode,
// fusion opens a fence incident from its (drill-marked) events, a commander works it through
// the API at scripted times, and the after-action report shows exactly those response times.

const createCaller = createCallerFactory(appRouter);
const commander: SessionUser = { id: "u-commander", username: "commander", displayName: "值班指挥", role: "commander", campusScope: "*", mustChangePassword: false };
const S = 1000;

describe("drill end to end", { timeout: 180_000 }, () => {
  let h: Harness;
  let drills: DrillService;
  let caller: ReturnType<typeof createCaller>;

  before(async () => {
    h = await createHarness({ start: new Date("2026-03-04T02:00:00Z") });
    await h.t.db.prisma.user.create({ data: { id: commander.id, username: commander.username, displayName: commander.displayName, role: "commander", passwordHash: "x" } });
    drills = createDrillService({ db: h.t.db, events: h.events, now: () => h.clock.now, schedule: () => () => undefined });
    const services = createApiServices({ db: h.t.db, events: h.events, fusion: h.fusion, drills, now: () => h.clock.now });
    caller = createCaller(contextFor(services, commander));
  });
  after(async () => {
    await drills.stop();
    await h.close();
  });

  async function fenceIncident(): Promise<Incident> {
    const list = await caller.incidents.list({ campusId: h.model.id, open: true });
    const inc = list.find((i) => i.kind === "fence_alarm");
    assert.ok(inc, `no fence incident among ${list.map((i) => i.kind).join(", ")}`);
    return inc;
  }

  it("runs the scenario, records the commander's response and reports its times", async () => {
    const drill = await caller.drills.start({ campusId: h.model.id, scenario: "night-fence-intrusion", speed: 1, leadInMin: 2 });
    assert.equal(drill.state, "running");
    assert.deepEqual((await caller.drills.active({ campusId: h.model.id })).map((d) => d.id), [drill.id]);

    // The fence alarm is scripted 2 min after the drill's start (lead-in).
    h.clock.advance(121 * S);
    assert.ok((await drills.advance(drill.id)) > 0);
    await h.idle();
    const opened = await fenceIncident();
    const openedAtMs = new Date(opened.openedAt).getTime();
    const drillEvent = await h.t.db.prisma.event.findUnique({ where: { seq: opened.openedSeq } });
    assert.equal((JSON.parse(drillEvent!.dataJson) as { drill?: string }).drill, drill.id, "the opening event is marked as a drill event");

    const at = (offsetS: number) => { h.clock.now = new Date(openedAtMs + offsetS * S); };
    at(30); await caller.incidents.acknowledge({ incidentId: opened.id });
    at(90); await caller.incidents.dispatch({ incidentId: opened.id });
    at(330); await caller.incidents.onScene({ incidentId: opened.id, note: "翻越点已找到" });
    at(630); await caller.incidents.resolve({ incidentId: opened.id });
    await drills.advance(drill.id);
    await h.idle();

    at(700);
    const ended = await caller.drills.end({ drillId: drill.id });
    assert.equal(ended.state, "ended");
    await h.idle();
    const report = await caller.drills.report({ drillId: drill.id });
    const fence = report.incidents.find((i) => i.id === opened.id);
    assert.ok(fence, "the fence incident is in the report");
    assert.deepEqual(fence.times, { acknowledgeS: 30, dispatchS: 90, arriveS: 330, resolveS: 630 });
    assert.equal(fence.drill, drill.id);
    const verdicts = Object.fromEntries(fence.steps.map((s) => [s.id, s.verdict]));
    assert.deepEqual(verdicts, { verify_video: "skipped", dispatch_guard: "on_time", on_scene: "on_time", close: "on_time" });
    assert.ok(report.actions.some((a) => a.actor === commander.id && a.action === "incident.dispatched" && a.target === opened.id));
    assert.ok(report.actions.some((a) => a.action === "drills.start"), "starting the drill is on the record");
    assert.ok(report.incidents.every((i) => i.drill === drill.id), "only this drill's incidents");
    assert.equal(report.previous, null);
    assert.match(await caller.drills.reportCsv({ drillId: drill.id }), new RegExp(`${opened.id},fence_alarm,.*,30,90,330,630,`));
  });

  it("compares a second run of the same scenario with the first", async () => {
    const second = await caller.drills.start({ campusId: h.model.id, scenario: "night-fence-intrusion", speed: 1, leadInMin: 2 });
    h.clock.advance(60 * S);
    await caller.drills.end({ drillId: second.id, aborted: true });
    const report = await caller.drills.report({ drillId: second.id });
    assert.ok(report.previous, "the previous run is attached");
    assert.equal(report.previous.summary.meanAcknowledgeS, 30);
  });
});
