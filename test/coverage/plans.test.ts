import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { TRPCError } from "@trpc/server";
import { saveCampusModel, loadCampusModel } from "../../server/campus/persist";
import { appRouter } from "../../server/api/root";
import { createCallerFactory } from "../../server/api/trpc";
import { contextFor } from "../../server/api/context";
import { createApiServices } from "../../server/api/services";
import { createFakeFusion } from "../api/support";
import type { Role } from "../../server/contracts/auth";
import { createEventLog } from "../../server/events/log";
import { createTestDb, type TestDb } from "../support/db";
import { camera, campus, rect, zone } from "./builders";

// Coverage drafts (issue 7): saving never touches the registry; applying is admin-only, one
// transaction, audited; the report and its CSV carry the verdicts and the camera changes.

const createCaller = createCallerFactory(appRouter);
const code = (c: TRPCError["code"]) => (err: unknown) => err instanceof TRPCError && err.code === c;

describe("coverage plans (drafts, apply, report)", () => {
  let testDb: TestDb;
  let caller: ReturnType<typeof createCaller>;
  const fusion = createFakeFusion();
  let callerAs: (id: string, username: string, role: Role) => ReturnType<typeof createCaller>;
  const gateCam = camera("gate-cam", 60, 14, 3.5, { yawDeg: 180, pitchDeg: -10, hfovDeg: 60, vfovDeg: 36, resolutionW: 3840, resolutionH: 2160 });

  before(async () => {
    testDb = await createTestDb();
    const model = campus({
      sizeM: 120,
      zones: [{ ...zone("gate-main", "gate", rect(57, 2, 63, 8)), name: "南门 \"主\" 入口, 东侧" }],
      cameras: [gateCam, camera("spare", 20, 100, 4)],
    });
    await saveCampusModel(testDb.db.prisma, { ...model, id: "cov-p" });
    await testDb.db.prisma.user.createMany({ data: [
      { id: "u-admin", username: "admin1", displayName: "管理员", role: "admin", passwordHash: "x" },
      { id: "u-op", username: "op1", displayName: "值班员", role: "operator", passwordHash: "x" },
    ] });
    const services = createApiServices({ db: testDb.db, events: createEventLog(testDb.db), fusion });
    callerAs = (id, username, role) => createCaller(contextFor(services, { id, username, displayName: username, role, campusScope: "*", mustChangePassword: false }));
    caller = callerAs("u-admin", "admin1", "admin");
  });

  after(async () => {
    await testDb.drop();
  });

  const draft = () => ({
    campusId: "cov-p", name: "拆除南门摄像机", author: "planner1",
    changes: [
      { op: "remove" as const, cameraId: "gate-cam" },
      { op: "update" as const, camera: { ...camera("spare", 25, 95, 5, { yawDeg: 90 }), model: "IPC-4MP-F60" } },
      { op: "add" as const, camera: { ...camera("new-1", 70, 20, 6, { yawDeg: 200 }), model: "IPC-8MP-F80" } },
      { op: "add" as const, camera: { ...camera("new-2", 50, 20, 6, { yawDeg: 160 }), model: "IPC-8MP-F80" } },
    ],
  });

  it("saves, lists and re-saves a draft without touching the registry", async () => {
    const saved = await caller.coverage.plans.save(draft());
    assert.equal(saved.status, "draft");
    assert.equal(saved.changes.length, 4);
    const again = await caller.coverage.plans.save({ ...draft(), id: saved.id, name: "v2" });
    assert.equal(again.name, "v2");
    const list = await caller.coverage.plans.list({ campusId: "cov-p" });
    assert.deepEqual(list.map((p) => p.id), [saved.id]);
    const model = await loadCampusModel(testDb.db.prisma, "cov-p");
    assert.ok(model.devices.some((d) => d.id === "gate-cam"));
    assert.ok(!model.devices.some((d) => d.id === "new-1"));
  });

  it("reports the gate failing, the camera changes and new cameras by model; CSV is quoted with a BOM", async () => {
    const plan = await caller.coverage.plans.save(draft());
    const report = await caller.coverage.report({ planId: plan.id });
    const gate = report.zones.find((z) => z.zoneId === "gate-main")!;
    assert.equal(gate.requiredClass, "identify");
    assert.equal(gate.citation, "R-6.2");
    assert.equal(gate.pass, false);
    assert.ok(gate.blindSpotCount >= 1);
    assert.deepEqual(report.newCamerasByModel, [{ model: "IPC-8MP-F80", count: 2 }]);
    assert.deepEqual(Object.fromEntries(report.cameras.map((c) => [c.id, c.change])),
      { "gate-cam": "removed", spare: "updated", "new-1": "added", "new-2": "added" });
    assert.match(report.blindSpotSvg, /^<svg[^>]+viewBox/);
    assert.match(report.blindSpotSvg, /fill="#e5302f"/);
    const csv = await caller.coverage.reportCsv({ planId: plan.id });
    assert.ok(csv.startsWith("\uFEFFplan,"));
    assert.ok(csv.includes(`compliance,"南门 ""主"" 入口, 东侧",gate,identify,area,`), csv);
    assert.ok(csv.includes(",FAIL,R-6.2,"));
    assert.ok(csv.includes("\r\nnew_by_model,IPC-8MP-F80,2\r\n"));
  });

  it("refuses apply by a non-admin and leaves plan and registry untouched", async () => {
    const plan = await caller.coverage.plans.save(draft());
    await assert.rejects(callerAs("u-op", "op1", "operator").coverage.plans.applyPlan({ planId: plan.id, userId: "op1", purpose: "test" }), code("FORBIDDEN"));
    assert.equal((await caller.coverage.plans.get({ planId: plan.id })).status, "draft");
    assert.equal(await testDb.db.prisma.device.count({ where: { id: "new-1" } }), 0);
  });

  it("applies as admin in one audited transaction; a second apply and a later save conflict", async () => {
    const plan = await caller.coverage.plans.save(draft());
    const out = await caller.coverage.plans.applyPlan({ planId: plan.id, userId: "admin1", purpose: "南门改造" });
    assert.deepEqual({ added: out.added, updated: out.updated, removed: out.removed }, { added: 2, updated: 1, removed: 1 });
    assert.equal(out.plan.status, "applied");
    assert.equal(out.plan.appliedBy, "admin1");
    assert.deepEqual(fusion.reloaded, ["cov-p"], "fusion reloads the campus so video linkage sees the new cameras");
    const model = await loadCampusModel(testDb.db.prisma, "cov-p");
    assert.ok(!model.devices.some((d) => d.id === "gate-cam"));
    const spare = model.devices.find((d) => d.id === "spare")!;
    assert.deepEqual(spare.position, [25, 95, 5]);
    assert.equal(spare.model, "IPC-4MP-F60");
    const added = model.devices.find((d) => d.id === "new-1")!;
    assert.equal(added.status, "offline");
    assert.equal(added.model, "IPC-8MP-F80");
    const audit = await testDb.db.prisma.auditEntry.findMany({ where: { action: "coverage.plan.apply" } });
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.userId, "admin1");
    assert.equal(audit[0]!.target, `cov-p/${plan.id}`);
    assert.equal(audit[0]!.purpose, "南门改造");
    await assert.rejects(caller.coverage.plans.applyPlan({ planId: plan.id, userId: "admin1", purpose: "again" }), code("CONFLICT"));
    await assert.rejects(caller.coverage.plans.save({ ...draft(), id: plan.id }), code("CONFLICT"));
  });

  it("rolls back everything when a change conflicts with the registry", async () => {
    // gate-cam was removed by the applied plan above: removing it again conflicts.
    const plan = await caller.coverage.plans.save({ ...draft(), changes: [
      { op: "add", camera: { ...camera("new-3", 40, 40, 6), model: "IPC-2MP-F28" } },
      { op: "remove", cameraId: "gate-cam" },
    ] });
    await assert.rejects(caller.coverage.plans.applyPlan({ planId: plan.id, userId: "u-admin", purpose: "x" }), code("CONFLICT"));
    assert.equal(await testDb.db.prisma.device.count({ where: { id: "new-3" } }), 0);
    assert.equal((await caller.coverage.plans.get({ planId: plan.id })).status, "draft");
    assert.equal(await testDb.db.prisma.auditEntry.count({ where: { action: "coverage.plan.apply" } }), 1);
  });

  it("discards a draft (audited) and hides it from the open list; unknown plans are NOT_FOUND", async () => {
    const plan = await caller.coverage.plans.save(draft());
    const d = await callerAs("u-planner", "planner1", "planner").coverage.plans.discard({ planId: plan.id, userId: "planner1" });
    assert.equal(d.status, "discarded");
    const open = await caller.coverage.plans.list({ campusId: "cov-p", includeClosed: false });
    assert.ok(!open.some((p) => p.id === plan.id));
    await assert.rejects(caller.coverage.plans.get({ planId: "nope" }), code("NOT_FOUND"));
    await assert.rejects(caller.coverage.plans.save({ ...draft(), campusId: "no-campus" }), code("NOT_FOUND"));
  });
});
