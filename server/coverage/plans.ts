import { randomUUID } from "node:crypto";
import {
  ZAnalysisOptions, ZCameraChange, type CameraChange, type CoveragePlan, type CoverageCamera, type PlanApplyInput,
  type PlanSaveInput, type PlanStatus,
} from "../contracts/coverage";
import type { Device } from "../contracts/campus";
import { CampusNotFoundError, deviceToRow } from "../campus/persist";
import type { PrismaClient } from "../store/generated/client";
import type { CoveragePlan as PlanRow } from "../store/generated/client";

// Coverage plans (issue 7 drafts): named sets of camera changes that leave the live Device
// registry alone until an admin applies them. Applying is one transaction that writes the
// devices, marks the plan applied and appends the audit entry (R-5.6: who, what, target,
// purpose), so the registry and the trail never disagree.

export const AUDIT_ACTION_APPLY = "coverage.plan.apply";
export const AUDIT_ACTION_DISCARD = "coverage.plan.discard";

export class PlanNotFoundError extends Error {
  override name = "PlanNotFoundError";
  constructor(readonly planId: string) {
    super(`Coverage plan ${planId} does not exist`);
  }
}

export class PlanNotDraftError extends Error {
  override name = "PlanNotDraftError";
  constructor(readonly planId: string, readonly status: string) {
    super(`Coverage plan ${planId} is ${status}, only a draft can be changed`);
  }
}

export class PlanConflictError extends Error {
  override name = "PlanConflictError";
  constructor(readonly planId: string, readonly deviceId: string, reason: string) {
    super(`Coverage plan ${planId} cannot be applied: device ${deviceId} ${reason}`);
  }
}

export class NotAuthorisedError extends Error {
  override name = "NotAuthorisedError";
  constructor(readonly userId: string, readonly action: string) {
    super(`User ${userId} may not ${action} (admin role required)`);
  }
}

function toPlan(row: PlanRow): CoveragePlan {
  return {
    id: row.id, campusId: row.campusId, name: row.name, author: row.author, status: row.status as PlanStatus,
    changes: ZCameraChange.array().parse(JSON.parse(row.changesJson)),
    options: ZAnalysisOptions.parse(JSON.parse(row.optionsJson)),
    createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString(),
    appliedAt: row.appliedAt?.toISOString() ?? null, appliedBy: row.appliedBy,
  };
}

export async function listPlans(prisma: PrismaClient, campusId: string, includeClosed = true): Promise<CoveragePlan[]> {
  const rows = await prisma.coveragePlan.findMany({
    where: includeClosed ? { campusId } : { campusId, status: "draft" },
    orderBy: { updatedAt: "desc" },
  });
  return rows.map(toPlan);
}

export async function getPlan(prisma: PrismaClient, planId: string): Promise<CoveragePlan> {
  const row = await prisma.coveragePlan.findUnique({ where: { id: planId } });
  if (!row) throw new PlanNotFoundError(planId);
  return toPlan(row);
}

/** Creates a draft, or replaces name and changes of an existing draft (never of an applied plan). */
export async function savePlan(prisma: PrismaClient, input: PlanSaveInput): Promise<CoveragePlan> {
  const data = { name: input.name, changesJson: JSON.stringify(input.changes), optionsJson: JSON.stringify(input.options) };
  if (input.id === undefined) {
    const campus = await prisma.campus.findUnique({ where: { id: input.campusId }, select: { id: true } });
    if (!campus) throw new CampusNotFoundError(input.campusId);
    const row = await prisma.coveragePlan.create({ data: { id: `plan-${randomUUID()}`, campusId: input.campusId, author: input.author, ...data } });
    return toPlan(row);
  }
  const updated = await prisma.coveragePlan.updateMany({ where: { id: input.id, campusId: input.campusId, status: "draft" }, data });
  if (updated.count === 0) throw await whyNotDraft(prisma, input.id);
  return getPlan(prisma, input.id);
}

async function whyNotDraft(prisma: PrismaClient, planId: string): Promise<Error> {
  const row = await prisma.coveragePlan.findUnique({ where: { id: planId }, select: { status: true } });
  return row ? new PlanNotDraftError(planId, row.status) : new PlanNotFoundError(planId);
}

async function requireAdmin(prisma: PrismaClient, userId: string, action: string): Promise<void> {
  const user = await prisma.user.findFirst({ where: { OR: [{ id: userId }, { username: userId }] }, select: { role: true } });
  if (user?.role !== "admin") throw new NotAuthorisedError(userId, action);
}

export async function discardPlan(prisma: PrismaClient, planId: string, userId: string): Promise<CoveragePlan> {
  await prisma.$transaction(async (tx) => {
    const updated = await tx.coveragePlan.updateMany({ where: { id: planId, status: "draft" }, data: { status: "discarded" } });
    if (updated.count === 0) throw await whyNotDraft(prisma, planId);
    await tx.auditEntry.create({ data: { userId, action: AUDIT_ACTION_DISCARD, target: planId, purpose: null } });
  });
  return getPlan(prisma, planId);
}

/** A registry row for a camera a plan adds: not yet installed, so offline until it registers. */
function newCameraDevice(camera: CoverageCamera, planId: string): Device {
  return {
    id: camera.id, kind: "camera", protocol: "gb28181", externalId: camera.id, name: camera.name || camera.id,
    buildingId: null, floor: 0, position: camera.position, optics: camera.optics, polyline: null, parentId: null,
    model: camera.model, manufacturer: null, status: "offline", attrs: { plannedBy: planId },
  };
}

export interface ApplyResult { plan: CoveragePlan; added: number; updated: number; removed: number }

/** Writes the plan's changes to the live registry in one audited transaction (admin only). */
export async function applyPlan(prisma: PrismaClient, input: PlanApplyInput, now: Date = new Date()): Promise<ApplyResult> {
  await requireAdmin(prisma, input.userId, AUDIT_ACTION_APPLY);
  const plan = await getPlan(prisma, input.planId);
  if (plan.status !== "draft") throw new PlanNotDraftError(plan.id, plan.status);
  const counts = { added: 0, updated: 0, removed: 0 };
  await prisma.$transaction(async (tx) => {
    // Claim the plan first: a second apply racing this one finds no draft and fails.
    const claimed = await tx.coveragePlan.updateMany({
      where: { id: plan.id, status: "draft" }, data: { status: "applied", appliedAt: now, appliedBy: input.userId },
    });
    if (claimed.count === 0) throw await whyNotDraft(prisma, plan.id);
    for (const change of plan.changes) await applyChange(tx, plan, change, counts);
    await tx.auditEntry.create({
      data: {
        at: now, userId: input.userId, action: AUDIT_ACTION_APPLY, target: `${plan.campusId}/${plan.id}`, purpose: input.purpose,
        detailJson: JSON.stringify({ planName: plan.name, ...counts }),
      },
    });
  }, { timeout: 60_000, maxWait: 30_000 });
  return { plan: await getPlan(prisma, plan.id), ...counts };
}

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

async function applyChange(tx: Tx, plan: CoveragePlan, change: CameraChange, counts: Omit<ApplyResult, "plan">): Promise<void> {
  const where = { id: change.op === "remove" ? change.cameraId : change.camera.id, campusId: plan.campusId };
  if (change.op === "remove") {
    const r = await tx.device.deleteMany({ where });
    if (r.count === 0) throw new PlanConflictError(plan.id, where.id, "is no longer in the registry");
    counts.removed++;
    return;
  }
  const cam = change.camera, o = cam.optics;
  if (change.op === "add") {
    const exists = await tx.device.findUnique({ where: { id: cam.id }, select: { id: true } });
    if (exists) throw new PlanConflictError(plan.id, cam.id, "already exists");
    await tx.device.create({ data: deviceToRow(plan.campusId, newCameraDevice(cam, plan.id)) });
    counts.added++;
    return;
  }
  const r = await tx.device.updateMany({
    where,
    data: {
      xM: cam.position[0], yM: cam.position[1], zM: cam.position[2], yawDeg: o.yawDeg, pitchDeg: o.pitchDeg, rollDeg: o.rollDeg,
      hfovDeg: o.hfovDeg, vfovDeg: o.vfovDeg, resolutionW: o.resolutionW, resolutionH: o.resolutionH, rangeM: o.rangeM,
      ...(cam.model !== null ? { model: cam.model } : {}),
    },
  });
  if (r.count === 0) throw new PlanConflictError(plan.id, cam.id, "is no longer in the registry");
  counts.updated++;
}
