import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { TRPCError } from "@trpc/server";
import type { Role } from "../../server/contracts/auth";
import { appRouter } from "../../server/api/root";
import { smallCampus } from "../e2e/fixtures/small-campus";
import { saveCampusModel } from "../../server/campus/persist";
import { createApiHarness, type ApiHarness, type Caller } from "./support";

// Role and scope denial for every router (issue 5 "API tests … role and scope denial for every
// router"). The expectations below are written out by hand, not derived from the permission
// table, so a wrong entry in server/auth/permissions.ts fails here.

interface Ids { incidentId: string; ticketId: string }
interface Case {
  name: string;
  /** Roles that must get FORBIDDEN on a campus in their scope. */
  denied: Role[];
  /** Calls the procedure against campus `campusId`. */
  call(c: Caller, campusId: string, ids: Record<string, Ids>): Promise<unknown>;
}

const ALL: Role[] = ["admin", "commander", "operator", "planner", "leader", "auditor"];
const NOT = (...allowed: Role[]) => ALL.filter((r) => !allowed.includes(r));
const PURPOSE = "案件核查 2026-118";

const CASES: Case[] = [
  { name: "campus.get", denied: [], call: (c, id) => c.campus.get({ id }) },
  { name: "devices.list", denied: [], call: (c, campusId) => c.devices.list({ campusId }) },
  { name: "devices.get", denied: [], call: (c, campusId) => c.devices.get({ deviceId: `${campusId}:cam-1` }) },
  { name: "events.list", denied: ["planner"], call: (c, campusId) => c.events.list({ campusId }) },
  { name: "events.image", denied: NOT("admin", "commander", "operator", "auditor"), call: (c, campusId) => c.events.image({ campusId, sha256: "a".repeat(64), purpose: PURPOSE }) },
  { name: "incidents.list", denied: ["planner"], call: (c, campusId) => c.incidents.list({ campusId }) },
  { name: "incidents.get", denied: ["planner"], call: (c, campusId, ids) => c.incidents.get({ incidentId: ids[campusId]!.incidentId }) },
  { name: "incidents.acknowledge", denied: NOT("admin", "commander", "operator"), call: (c, campusId, ids) => c.incidents.acknowledge({ incidentId: ids[campusId]!.incidentId }) },
  { name: "incidents.addNote", denied: NOT("admin", "commander", "operator"), call: (c, campusId, ids) => c.incidents.addNote({ incidentId: ids[campusId]!.incidentId, text: "到场" }) },
  { name: "incidents.falseAlarm", denied: NOT("admin", "commander", "operator"), call: (c, campusId, ids) => c.incidents.falseAlarm({ incidentId: ids[campusId]!.incidentId }) },
  { name: "faults.list", denied: ["planner"], call: (c, campusId) => c.faults.list({ campusId }) },
  { name: "faults.get", denied: ["planner"], call: (c, campusId, ids) => c.faults.get({ ticketId: ids[campusId]!.ticketId }) },
  { name: "faults.notifyMaintainer", denied: NOT("admin", "commander", "operator"), call: (c, campusId, ids) => c.faults.notifyMaintainer({ ticketId: ids[campusId]!.ticketId, maintainer: "维保公司" }) },
  { name: "subjects.lookup", denied: NOT("admin", "commander", "operator", "auditor"), call: (c, campusId) => c.subjects.lookup({ campusId, by: "plate", value: "沪A12345", purpose: PURPOSE }) },
  { name: "metrics.kpis", denied: [], call: (c, campusId) => c.metrics.kpis({ campusId }) },
  { name: "coverage.analyse", denied: ["operator", "auditor"], call: (c, campusId) => c.coverage.analyse({ campusId }) },
  { name: "coverage.plans.list", denied: ["operator", "auditor"], call: (c, campusId) => c.coverage.plans.list({ campusId }) },
  { name: "city.mapState", denied: ["planner"], call: (c, campusId) => c.city.mapState({ campusId }) },
  { name: "audit.list", denied: NOT("admin", "auditor"), call: (c) => c.audit.list({}) },
  { name: "auth.users.list", denied: NOT("admin"), call: (c) => c.auth.users.list() },
  { name: "history.seek", denied: ["planner"], call: (c, campusId) => c.history.seek({ campusId, at: new Date() }) },
  { name: "history.share", denied: NOT("admin", "commander", "operator", "leader"), call: (c, campusId) => c.history.share({ campusId, from: new Date(0), to: new Date(), speed: 60 }) },
  { name: "trajectory.get", denied: NOT("admin", "commander", "operator", "auditor"), call: (c, campusId) => c.trajectory.get({ campusId, subjectKey: "vehicle:沪A12345", purpose: PURPOSE }) },
  { name: "archive.search", denied: NOT("admin", "commander", "operator", "auditor"), call: (c, campusId) => c.archive.search({ campusId, by: "plate", value: "沪A12345", purpose: PURPOSE }) },
  { name: "archive.get", denied: ["planner"], call: (c, campusId) => c.archive.get({ campusId, subjectKey: "vehicle:沪A12345", purpose: PURPOSE }) },
  { name: "drills.list", denied: ["planner"], call: (c, campusId) => c.drills.list({ campusId }) },
  { name: "drills.start", denied: NOT("admin", "commander"), call: (c, campusId) => c.drills.start({ campusId, scenario: "night-fence-intrusion" }) },
];

const code = (expected: TRPCError["code"]) => (err: unknown) => {
  assert.ok(err instanceof TRPCError, String(err));
  assert.equal(err.code, expected, err.message);
  return true;
};

describe("API access control (createCaller, every router)", { timeout: 120_000 }, () => {
  let h: ApiHarness;
  const ids: Record<string, Ids> = {};

  before(async () => {
    h = await createApiHarness();
    for (const id of ["c-a", "c-b"]) {
      await saveCampusModel(h.testDb.db.prisma, smallCampus(id, id));
      ids[id] = { incidentId: h.fusion.addIncident(id).id, ticketId: h.fusion.addFault(id).id };
    }
  });
  after(() => h.close());

  it("covers every procedure of the app router", () => {
    const procedures = Object.keys(appRouter._def.procedures);
    const tested = new Set(CASES.map((c) => c.name));
    const groups = new Set(procedures.map((p) => p.split(".")[0]));
    for (const g of groups) assert.ok([...tested].some((t) => t.startsWith(`${g}.`)), `router ${g} has a case`);
  });

  for (const c of CASES) {
    it(`${c.name}: anonymous UNAUTHORIZED; ${c.denied.join(", ") || "no role"} FORBIDDEN; out-of-scope FORBIDDEN`, async () => {
      await assert.rejects(c.call(h.anonymous(), "c-a", ids), code("UNAUTHORIZED"));
      for (const role of ALL) {
        const run = c.call(h.as(role), "c-a", ids);
        if (c.denied.includes(role)) await assert.rejects(run, code("FORBIDDEN"), `${role} denied`);
        else await run.catch((err: unknown) => {
          // Allowed: any outcome but a refusal (a missing picture is NOT_FOUND, for example).
          assert.ok(!(err instanceof TRPCError && ["FORBIDDEN", "UNAUTHORIZED"].includes(err.code)), `${role} allowed: ${String(err)}`);
        });
      }
      if (c.name.startsWith("audit.") || c.name.startsWith("auth.")) return; // not campus data
      const allowed = ALL.find((r) => !c.denied.includes(r))!;
      await assert.rejects(c.call(h.as(allowed, ["c-b"]), "c-a", ids), code("FORBIDDEN"), `${allowed} scoped to c-b`);
    });
  }

  it("a user who must change the one-time password can do nothing else first", async () => {
    const caller = h.as("admin");
    await caller.auth.users.create({ username: "newbie", displayName: "新人", role: "operator", campusScope: ["c-a"], password: "initial-password-1" });
    const { services } = h;
    const login = await services.auth.login({ username: "newbie", password: "initial-password-1" }, {});
    assert.equal(login.user.mustChangePassword, true);
    const me = h.as("operator", ["c-a"]);
    assert.ok(await me.devices.list({ campusId: "c-a" }));
    const { contextFor } = await import("../../server/api/context");
    const { createCaller } = await import("./support");
    const newbie = createCaller(contextFor(services, login.user));
    await assert.rejects(newbie.devices.list({ campusId: "c-a" }), code("FORBIDDEN"));
    await newbie.auth.changePassword({ currentPassword: "initial-password-1", newPassword: "my-own-password-2" });
    const again = await services.auth.login({ username: "newbie", password: "my-own-password-2" }, {});
    assert.equal(again.user.mustChangePassword, false);
  });
});

describe("audit trail (R-5.6, R-5.7)", () => {
  let h: ApiHarness;
  before(async () => {
    h = await createApiHarness();
    await saveCampusModel(h.testDb.db.prisma, smallCampus("c-a", "c-a"));
  });
  after(() => h.close());

  it("records every mutation with its actor, refused ones too, and record access with the purpose", async () => {
    const incident = h.fusion.addIncident("c-a");
    await h.as("operator").incidents.acknowledge({ incidentId: incident.id, note: "已查看视频" });
    await assert.rejects(h.as("leader").incidents.dispatch({ incidentId: incident.id }), code("FORBIDDEN"));
    await h.as("commander").subjects.lookup({ campusId: "c-a", by: "card", value: "20230001", purpose: PURPOSE });
    const { items } = await h.as("auditor").audit.list({});
    const rows = items.map((e) => [e.action, e.userId, e.target, e.detail.ok ?? null]);
    assert.deepEqual(rows.slice(0, 3).reverse(), [
      ["incidents.acknowledge", "u-operator", incident.id, true],
      ["incidents.dispatch", "u-leader", incident.id, false],
      ["records.subject", "u-commander", "c-a/card:20230001", null],
    ]);
    assert.equal(items.find((e) => e.action === "records.subject")?.purpose, PURPOSE);
    assert.equal(incident.history.at(-1)?.actor, "u-operator");
  });

  it("has no way to edit or delete entries: no such procedure, and the database refuses", async () => {
    const auditProcedures = Object.keys(appRouter._def.procedures).filter((p) => p.startsWith("audit."));
    assert.deepEqual(auditProcedures, ["audit.list"]);
    await h.services.audit.record({ userId: "u-admin", action: "test.entry" });
    const prisma = h.testDb.db.prisma;
    const before = await prisma.auditEntry.count();
    await assert.rejects(prisma.auditEntry.updateMany({ data: { action: "tampered" } }));
    await assert.rejects(prisma.auditEntry.deleteMany({}));
    assert.equal(await prisma.auditEntry.count({ where: { action: "tampered" } }), 0);
    assert.equal(await prisma.auditEntry.count(), before);
  });

  it("pages the audit log newest first by cursor", async () => {
    for (let i = 0; i < 5; i++) await h.services.audit.record({ userId: "u-admin", action: `page.${i}` });
    const p1 = await h.as("admin").audit.list({ action: "page.", limit: 3 });
    const p2 = await h.as("admin").audit.list({ action: "page.", limit: 3, cursor: p1.nextCursor! });
    assert.deepEqual([...p1.items, ...p2.items].map((e) => e.action), ["page.4", "page.3", "page.2", "page.1", "page.0"]);
    assert.equal(p2.nextCursor, null);
  });
});
