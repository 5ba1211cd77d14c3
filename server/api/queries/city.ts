import type { Db } from "../../store/db";
import { SEVERITY } from "../../contracts/event";
import { parseJsonObject } from "../../store/json";

// Read models for the city globe (/city, R-8.1) and the 2D electronic map (/map, R-2.4),
// derived from the tables fusion and ingest keep: Incident (open ones by severity), Device.status
// (offline / fault) and the Event log (today's alarms, the latest state of each fence zone).

/** Incidents in these states are closed; every other state is still open work. */
const CLOSED_INCIDENT_STATES = ["resolved", "false_alarm"];
/** Devices that are not delivering: the count a district duty officer chases. */
const DOWN_DEVICE_STATUSES = ["offline", "fault"];
/** An alarm is any non-restore event of high or critical severity (fence, intrusion, panic, fire…). */
const ALARM_MIN_SEVERITY = SEVERITY.high;
/** Fence events that change a segment's state on the map (server/ingest/dc09/event-map.ts). */
export const FENCE_STATE_KINDS = ["fence.alarm", "fence.alarm_restored", "fence.fault", "fence.fault_restored"] as const;
const DUTY_LOG_LIMIT = 200;
const FENCE_SCAN_LIMIT = 5000;
/** Today's check-ins read for the patrol layer (newest first; a day of rounds fits easily). */
const PATROL_SCAN_LIMIT = 5000;
const OPEN_INCIDENT_LIMIT = 500;
/** Density samples older than this no longer describe the crowd: the heatmap leaves them out. */
export const DENSITY_FRESH_MS = 15 * 60_000;
const DENSITY_SCAN_LIMIT = 5000;

export type SeverityCounts = Record<keyof typeof SEVERITY, number>;

export interface CampusStatus {
  campusId: string;
  openIncidents: SeverityCounts;
  openIncidentsTotal: number;
  devicesTotal: number;
  devicesDown: number;
  alarmsToday: number;
}

export type FenceState = "normal" | "alarm" | "fault";

export interface DutyLogEntry {
  seq: number;
  occurredAt: string;
  kind: string;
  severity: number;
  deviceId: string | null;
}

/** One patrol check-in (server/ingest/mqtt/event-map.ts `patrol.checkin`). */
export interface PatrolCheckin {
  seq: number;
  occurredAt: string;
  /** The patrol_checkpoint device checked. */
  deviceId: string;
  guardId: string;
  routeId: string | null;
  order: number | null;
  /** Where the check-in happened (campus-local metres), when the event carried it. */
  xM: number | null;
  yM: number | null;
}

export interface MapIncident {
  id: string;
  kind: string;
  severity: number;
  state: string;
  title: string;
  xM: number | null;
  yM: number | null;
  openedAt: string;
}

export interface ZoneDensity {
  zoneId: string;
  perM2: number;
  occurredAt: string;
  seq: number;
}

export interface MapState {
  /** The log position the state was read at: subscribe to live events after it. */
  lastSeq: number;
  fence: Record<string, { state: FenceState; seq: number }>;
  /** Today's alarm and fence events, newest first (the duty log the map prints). */
  dutyLog: DutyLogEntry[];
  /** The latest check-in today of each checkpoint (R-2.4 patrol progress). */
  checkpoints: PatrolCheckin[];
  /** Each guard's latest check-in today: the guard's last known position. */
  guards: PatrolCheckin[];
  openIncidents: MapIncident[];
  /** The latest fresh density sample of each zone (the heatmap). */
  density: ZoneDensity[];
}

const SEVERITY_NAMES = Object.keys(SEVERITY) as (keyof typeof SEVERITY)[];

function emptyCounts(): SeverityCounts {
  return { info: 0, low: 0, medium: 0, high: 0, critical: 0 };
}

/**
 * Midnight of `now`'s calendar day in an IANA time zone, as a UTC instant (storage is UTC,
 * "today" is the campus's day: STYLE "Data").
 */
export function startOfDay(now: Date, timeZone: string): Date {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
  }).formatToParts(now);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wallMs = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  const offsetMs = wallMs - Math.floor(now.getTime() / 1000) * 1000;
  return new Date(Date.UTC(get("year"), get("month") - 1, get("day")) - offsetMs);
}

export function fenceStateAfter(kind: string): FenceState {
  return kind === "fence.alarm" ? "alarm" : kind === "fence.fault" ? "fault" : "normal";
}

export async function cityStatus(db: Db, campuses: ReadonlyArray<{ id: string; timeZone: string }>, now = new Date()): Promise<CampusStatus[]> {
  const ids = campuses.map((c) => c.id);
  if (!ids.length) return [];
  const prisma = db.prisma;
  const [incidents, devices] = await Promise.all([
    prisma.incident.groupBy({ by: ["campusId", "severity"], where: { campusId: { in: ids }, state: { notIn: CLOSED_INCIDENT_STATES } }, _count: { _all: true } }),
    prisma.device.groupBy({ by: ["campusId", "status"], where: { campusId: { in: ids } }, _count: { _all: true } }),
  ]);
  const alarms = await Promise.all(campuses.map((c) => prisma.event.count({
    where: { campusId: c.id, severity: { gte: ALARM_MIN_SEVERITY }, occurredAt: { gte: startOfDay(now, c.timeZone) }, NOT: { kind: { endsWith: "_restored" } } },
  })));
  return campuses.map((c, i): CampusStatus => {
    const openIncidents = emptyCounts();
    for (const row of incidents) {
      if (row.campusId !== c.id) continue;
      const name = SEVERITY_NAMES[Math.max(0, Math.min(4, row.severity))]!;
      openIncidents[name] += row._count._all;
    }
    const mine = devices.filter((d) => d.campusId === c.id);
    return {
      campusId: c.id,
      openIncidents,
      openIncidentsTotal: SEVERITY_NAMES.reduce((s, k) => s + openIncidents[k], 0),
      devicesTotal: mine.reduce((s, d) => s + d._count._all, 0),
      devicesDown: mine.filter((d) => DOWN_DEVICE_STATUSES.includes(d.status)).reduce((s, d) => s + d._count._all, 0),
      alarmsToday: alarms[i]!,
    };
  });
}

export async function mapState(db: Db, campus: { id: string; timeZone: string }, now = new Date()): Promise<MapState> {
  const prisma = db.prisma;
  // The position first: anything committed after it reaches the client live, so nothing is lost
  // between this read and the subscription (an event seen twice is deduped by seq).
  const last = await prisma.event.aggregate({ _max: { seq: true } });
  const [fenceRows, logRows] = await Promise.all([
    prisma.event.findMany({
      where: { campusId: campus.id, kind: { in: [...FENCE_STATE_KINDS] }, deviceId: { not: null } },
      orderBy: { seq: "desc" }, take: FENCE_SCAN_LIMIT, select: { seq: true, kind: true, deviceId: true },
    }),
    prisma.event.findMany({
      where: {
        campusId: campus.id, occurredAt: { gte: startOfDay(now, campus.timeZone) },
        OR: [{ kind: { startsWith: "fence." } }, { severity: { gte: ALARM_MIN_SEVERITY } }],
      },
      orderBy: { seq: "desc" }, take: DUTY_LOG_LIMIT, select: { seq: true, occurredAt: true, kind: true, severity: true, deviceId: true },
    }),
  ]);
  const fence: MapState["fence"] = {};
  for (const row of fenceRows) {
    if (row.deviceId && !fence[row.deviceId]) fence[row.deviceId] = { state: fenceStateAfter(row.kind), seq: row.seq };
  }
  const [patrol, openIncidents, density] = await Promise.all([
    patrolToday(db, campus, now), openMapIncidents(db, campus.id), latestDensity(db, campus.id, now),
  ]);
  return {
    lastSeq: last._max.seq ?? 0,
    fence,
    dutyLog: logRows.map((r) => ({ seq: r.seq, occurredAt: r.occurredAt.toISOString(), kind: r.kind, severity: r.severity, deviceId: r.deviceId })),
    ...patrol,
    openIncidents,
    density,
  };
}

/**
 * Today's patrol check-ins folded to the latest per checkpoint and per guard. Reads the
 * (campusId, kind, occurredAt) index, today only, newest first and capped.
 */
export async function patrolToday(db: Db, campus: { id: string; timeZone: string }, now = new Date()): Promise<{ checkpoints: PatrolCheckin[]; guards: PatrolCheckin[] }> {
  const rows = await db.prisma.event.findMany({
    where: { campusId: campus.id, kind: "patrol.checkin", occurredAt: { gte: startOfDay(now, campus.timeZone) } },
    orderBy: { seq: "desc" }, take: PATROL_SCAN_LIMIT,
    select: { seq: true, occurredAt: true, deviceId: true, xM: true, yM: true, dataJson: true },
  });
  const checkpoints = new Map<string, PatrolCheckin>();
  const guards = new Map<string, PatrolCheckin>();
  for (const r of rows) {
    const data = parseJsonObject(r.dataJson);
    if (!r.deviceId || typeof data.guardId !== "string") continue;
    const checkin: PatrolCheckin = {
      seq: r.seq, occurredAt: r.occurredAt.toISOString(), deviceId: r.deviceId, guardId: data.guardId,
      routeId: typeof data.routeId === "string" ? data.routeId : null,
      order: typeof data.order === "number" ? data.order : null,
      xM: r.xM, yM: r.yM,
    };
    if (!checkpoints.has(r.deviceId)) checkpoints.set(r.deviceId, checkin);
    if (!guards.has(checkin.guardId)) guards.set(checkin.guardId, checkin);
  }
  return { checkpoints: [...checkpoints.values()], guards: [...guards.values()] };
}

/** Open incidents (fusion's Incident table, the (campusId, state) index), most severe first. */
export async function openMapIncidents(db: Db, campusId: string): Promise<MapIncident[]> {
  const rows = await db.prisma.incident.findMany({
    where: { campusId, state: { notIn: CLOSED_INCIDENT_STATES } },
    orderBy: [{ severity: "desc" }, { openedAt: "desc" }], take: OPEN_INCIDENT_LIMIT,
    select: { id: true, kind: true, severity: true, state: true, title: true, xM: true, yM: true, openedAt: true },
  });
  return rows.map((r) => ({ ...r, openedAt: r.openedAt.toISOString() }));
}

/** The latest density sample per zone within DENSITY_FRESH_MS of `now` (bounded scan). */
export async function latestDensity(db: Db, campusId: string, now = new Date()): Promise<ZoneDensity[]> {
  const rows = await db.prisma.event.findMany({
    where: { campusId, kind: "density.sample", occurredAt: { gte: new Date(now.getTime() - DENSITY_FRESH_MS) } },
    orderBy: { seq: "desc" }, take: DENSITY_SCAN_LIMIT, select: { seq: true, occurredAt: true, dataJson: true },
  });
  const zones = new Map<string, ZoneDensity>();
  for (const r of rows) {
    const data = parseJsonObject(r.dataJson);
    if (typeof data.zoneId !== "string" || typeof data.perM2 !== "number" || zones.has(data.zoneId)) continue;
    zones.set(data.zoneId, { zoneId: data.zoneId, perM2: data.perM2, occurredAt: r.occurredAt.toISOString(), seq: r.seq });
  }
  return [...zones.values()];
}
