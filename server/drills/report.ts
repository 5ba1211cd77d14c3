import { z } from "zod";
import type { AfterActionReport, ReportIncident, ResponseTimes } from "../contracts/drill";
import { ZIncidentTransition, ZSopStepState, type IncidentState } from "../contracts/incident";
import { ZLinkedCamera } from "../contracts/linkage";
import { drillOfSeqs } from "../history/timeline";
import type { Db } from "../store/db";

// After-action report (R-1.3 after-event review) for a drill or any window of real incidents:
// per incident the times to acknowledge, dispatch, arrive and resolve; SOP steps done late or
// skipped; who did what when; the linked camera at each key moment; and, for a drill, the
// previous run of the same scenario to compare against.

export class ReportError extends Error {
  override name = "ReportError";
}

const MILESTONES: ReadonlyArray<{ key: keyof ResponseTimes; label: string; states: readonly IncidentState[] }> = [
  { key: "acknowledgeS", label: "确认", states: ["acknowledged"] },
  { key: "dispatchS", label: "派遣", states: ["dispatched"] },
  { key: "arriveS", label: "到场", states: ["on_scene"] },
  { key: "resolveS", label: "处置完毕", states: ["resolved", "false_alarm"] },
];

export async function drillReport(db: Db, drillId: string, nowAt: Date): Promise<AfterActionReport> {
  const d = await db.prisma.drill.findUnique({ where: { id: drillId } });
  if (!d) throw new ReportError(`Drill ${drillId} does not exist`);
  const to = d.endedAt ?? nowAt;
  const report = await windowReport(db, d.campusId, d.startedAt, to, nowAt, drillId);
  const prev = await db.prisma.drill.findFirst({
    where: { campusId: d.campusId, scenario: d.scenario, startedAt: { lt: d.startedAt }, reportJson: { not: null } }, orderBy: { startedAt: "desc" },
  });
  const previous = prev ? { drillId: prev.id, startedAt: prev.startedAt, summary: JSON.parse(prev.reportJson!) as Record<string, number | null> } : null;
  return { ...report, drillId, scenario: d.scenario, title: `演练复盘：${d.title}`, previous };
}

export async function windowReport(db: Db, campusId: string, from: Date, to: Date, nowAt: Date, drillId: string | null = null): Promise<AfterActionReport> {
  const rows = await db.prisma.incident.findMany({ where: { campusId, openedAt: { gte: from, lte: to } }, orderBy: { openedAt: "asc" }, take: 500 });
  const drills = await drillOfSeqs(db, rows.map((r) => r.openedSeq));
  const incidents: ReportIncident[] = [];
  const actions: AfterActionReport["actions"] = [];
  for (const r of rows) {
    const drill = drills.get(r.openedSeq) ?? null;
    if (drillId && drill !== drillId) continue;
    const history = z.array(ZIncidentTransition).parse(JSON.parse(r.historyJson));
    const steps = z.array(ZSopStepState).parse(JSON.parse(r.stepsJson));
    const cameras = z.array(ZLinkedCamera).parse(JSON.parse(r.camerasJson));
    const times = {} as ResponseTimes;
    const moments = [{ label: "报警", at: r.openedAt, cameraId: cameras[0]?.deviceId ?? null }];
    for (const m of MILESTONES) {
      const t = history.find((h) => m.states.includes(h.to));
      times[m.key] = t ? Math.round((t.at.getTime() - r.openedAt.getTime()) / 100) / 10 : null;
      if (t) moments.push({ label: m.label, at: t.at, cameraId: cameras[0]?.deviceId ?? null });
    }
    const closed = r.state === "resolved" || r.state === "false_alarm";
    incidents.push({
      id: r.id, kind: r.kind, title: r.title, severity: r.severity, state: r.state, openedAt: r.openedAt, closedAt: r.closedAt, drill,
      location: r.xM !== null && r.yM !== null ? { xM: r.xM, yM: r.yM, floor: r.floor ?? 0 } : null, times, moments,
      steps: steps.map((s) => ({
        id: s.id, title: s.title, deadlineAt: s.deadlineAt, doneAt: s.doneAt, doneBy: s.doneBy,
        verdict: s.doneAt ? (s.deadlineAt && s.doneAt > s.deadlineAt ? "late" : "on_time") : closed ? "skipped" : "open",
      })),
    });
    for (const h of history) if (h.actor !== "system") actions.push({ at: h.at, actor: h.actor, action: `incident.${h.to}`, target: r.id, note: h.note });
    for (const s of steps) if (s.doneAt && s.doneBy && !history.some((h) => h.at.getTime() === s.doneAt!.getTime() && h.actor === s.doneBy)) {
      actions.push({ at: s.doneAt, actor: s.doneBy, action: `step.${s.id}`, target: r.id, note: s.note });
    }
  }
  const audits = await db.prisma.auditEntry.findMany({ where: { at: { gte: from, lte: to }, action: { startsWith: "drills." } }, orderBy: { at: "asc" }, take: 500 });
  for (const a of audits) actions.push({ at: a.at, actor: a.userId ?? "system", action: a.action, target: a.target, note: null });
  actions.sort((a, b) => a.at.getTime() - b.at.getTime());
  return {
    campusId, drillId, scenario: null, title: "事件复盘", from, to, generatedAt: nowAt, incidents, actions, summary: summarise(incidents), previous: null,
  };
}

function mean(xs: Array<number | null>): number | null {
  const v = xs.filter((x): x is number => x !== null);
  return v.length ? Math.round((v.reduce((a, b) => a + b, 0) / v.length) * 10) / 10 : null;
}

export function summarise(incidents: readonly ReportIncident[]): AfterActionReport["summary"] {
  const steps = incidents.flatMap((i) => i.steps);
  return {
    incidents: incidents.length,
    meanAcknowledgeS: mean(incidents.map((i) => i.times.acknowledgeS)),
    meanDispatchS: mean(incidents.map((i) => i.times.dispatchS)),
    meanArriveS: mean(incidents.map((i) => i.times.arriveS)),
    meanResolveS: mean(incidents.map((i) => i.times.resolveS)),
    lateSteps: steps.filter((s) => s.verdict === "late").length,
    skippedSteps: steps.filter((s) => s.verdict === "skipped").length,
  };
}

/** Stored on the drill when it ends, for the next run's comparison. */
export async function storeDrillSummary(db: Db, drillId: string, nowAt: Date): Promise<AfterActionReport> {
  const report = await drillReport(db, drillId, nowAt);
  await db.prisma.drill.update({ where: { id: drillId }, data: { reportJson: JSON.stringify(report.summary) } });
  return report;
}

/** CSV export of the report's incidents (one row per incident). */
export function reportCsv(r: AfterActionReport): string {
  const head = ["incident", "kind", "title", "openedAt", "acknowledgeS", "dispatchS", "arriveS", "resolveS", "lateSteps", "skippedSteps", "drill"];
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? "" : v instanceof Date ? v.toISOString() : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = r.incidents.map((i) => [
    i.id, i.kind, i.title, i.openedAt, i.times.acknowledgeS, i.times.dispatchS, i.times.arriveS, i.times.resolveS,
    i.steps.filter((s) => s.verdict === "late").length, i.steps.filter((s) => s.verdict === "skipped").length, i.drill,
  ].map(cell).join(","));
  return [head.join(","), ...lines].join("\n") + "\n";
}
