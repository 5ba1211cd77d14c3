import type { CampusKpis } from "../../contracts/api";
import type { DerivedStateView } from "../../fusion/types";
import type { Db } from "../../store/db";

// Duty-room KPIs for one campus. Device and incident figures come from fusion's derived state
// when it runs (the live truth), else from the tables; counts "today" start at local midnight
// in the campus's time zone.

/** UTC instant of the most recent local midnight in `timeZone`. */
export function startOfLocalDay(at: Date, timeZone: string): Date {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", hour: "numeric", minute: "numeric", second: "numeric" }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const sinceMidnightMs = ((get("hour") * 60 + get("minute")) * 60 + get("second")) * 1000 + at.getUTCMilliseconds();
  return new Date(at.getTime() - sinceMidnightMs);
}

export async function campusKpis(db: Db, campusId: string, state: DerivedStateView | null, now: Date = new Date()): Promise<CampusKpis> {
  const campus = await db.prisma.campus.findUniqueOrThrow({ where: { id: campusId }, select: { timeZone: true } });
  const today = startOfLocalDay(now, campus.timeZone);
  const statuses = new Map<string, number>();
  if (state) for (const d of state.devices(campusId)) statuses.set(d.status, (statuses.get(d.status) ?? 0) + 1);
  else for (const g of await db.prisma.device.groupBy({ by: ["status"], where: { campusId }, _count: { _all: true } })) statuses.set(g.status, g._count._all);
  const total = [...statuses.values()].reduce((a, b) => a + b, 0);
  const incidents = state ? state.openIncidents(campusId).map((i) => i.severity)
    : (await db.prisma.incident.findMany({ where: { campusId, state: { notIn: ["resolved", "false_alarm"] } }, select: { severity: true } })).map((i) => i.severity);
  const bySeverity: Record<string, number> = {};
  for (const s of incidents) bySeverity[String(s)] = (bySeverity[String(s)] ?? 0) + 1;
  const todayWhere = { campusId, occurredAt: { gte: today } };
  const [alarmsToday, entriesToday, vehiclesToday, last] = await Promise.all([
    db.prisma.event.count({ where: { ...todayWhere, severity: { gte: 3 } } }),
    db.prisma.event.count({ where: { ...todayWhere, kind: "access.granted" } }),
    db.prisma.event.count({ where: { ...todayWhere, kind: "lpr.read" } }),
    db.prisma.event.aggregate({ where: { campusId }, _max: { seq: true } }),
  ]);
  return {
    campusId, at: now,
    devices: {
      total, online: (statuses.get("online") ?? 0) + (statuses.get("armed") ?? 0) + (statuses.get("disarmed") ?? 0),
      offline: statuses.get("offline") ?? 0, fault: statuses.get("fault") ?? 0, alarm: statuses.get("alarm") ?? 0,
    },
    openIncidents: incidents.length, openIncidentsBySeverity: bySeverity,
    openFaults: state ? state.openFaults(campusId).length : 0,
    alarmsToday, entriesToday, vehiclesToday, lastSeq: last._max.seq ?? 0,
  };
}
