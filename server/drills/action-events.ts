import { SEVERITY, type NewCampusEvent } from "../contracts/event";
import { ELECTRIC_ALARM_DEFAULTS } from "../contracts/mqtt";
import type { DeviceAction } from "../../simulators/population/actions";

// A population-model action as the canonical event its device's ingest adapter would make of
// it (the mappings of server/ingest/mqtt/event-map.ts, gat1400/records.ts, dc09/event-map.ts and
// gb28181/alarm-map.ts), for the in-process paths that skip the wire: drill mode and the
// history benchmark. A drill marks each event with data.drill and source.rawRef "drill:…".

export interface Stamp {
  /** Event id prefix; the action's generation number `n` completes it. */
  idPrefix: string;
  campusId: string;
  /** Device time (ms) the event carries. */
  atMs: number;
  drillId?: string | null;
}

const GB_KIND = { line_crossing: "behaviour.line_crossing", intrusion: "alarm.intrusion", loitering: "behaviour.loitering" } as const;
const ACCESS = {
  granted: ["access.granted", SEVERITY.info], denied: ["access.denied", SEVERITY.low],
  forced: ["access.forced", SEVERITY.high], held_open: ["access.held_open", SEVERITY.medium],
} as const;

type Mapped = { kind: string; severity: number; subject?: NewCampusEvent["subject"]; data: Record<string, unknown> };

function mapAction(a: DeviceAction): Mapped[] {
  switch (a.type) {
    case "access": {
      const [kind, severity] = ACCESS[a.outcome];
      const ref = a.personId ?? (a.cardNo ? `card:${a.cardNo}` : null);
      return [{ kind, severity, subject: ref ? { type: "person", ref, plate: null } : null, data: { cardNo: a.cardNo, employeeNo: a.personId, direction: a.direction } }];
    }
    case "density":
      return [{ kind: "density.sample", severity: SEVERITY.info, data: { zoneId: a.zoneId, count: a.count, areaM2: a.areaM2, perM2: Math.round((a.count / a.areaM2) * 1000) / 1000, inCount: a.inCount, outCount: a.outCount } }];
    case "face": {
      const subject = { type: "person" as const, ref: a.personId, plate: null };
      const out: Mapped[] = [{ kind: "face.capture", severity: SEVERITY.info, subject, data: { direction: a.direction } }];
      if (a.watchlist) out.push({ kind: "face.watchlist_hit", severity: SEVERITY.high, subject, data: { direction: a.direction } });
      return out;
    }
    case "lpr": {
      const subject = { type: "vehicle" as const, ref: null, plate: a.plate };
      const out: Mapped[] = [{ kind: "lpr.read", severity: SEVERITY.info, subject, data: { direction: a.direction } }];
      if (a.watchlist) out.push({ kind: "vehicle.watchlist_hit", severity: SEVERITY.high, subject, data: { direction: a.direction } });
      return out;
    }
    case "patrol":
      return [{ kind: "patrol.checkin", severity: SEVERITY.info, subject: { type: "person", ref: a.guardId, plate: null }, data: { guardId: a.guardId, routeId: a.routeId, order: a.order } }];
    case "smoke":
      return [{ kind: a.state === "alarm" ? "fire.smoke" : a.state === "fault" ? "fire.fault" : "fire.restore", severity: a.state === "alarm" ? SEVERITY.critical : SEVERITY.info, data: { state: a.state } }];
    case "electric": {
      const alarm = a.residualCurrentMa >= ELECTRIC_ALARM_DEFAULTS.residualCurrentMa ? "residual_current" : a.temperatureC >= ELECTRIC_ALARM_DEFAULTS.temperatureC ? "temperature" : "none";
      return [{ kind: alarm === "none" ? "electric.reading" : "electric.alarm", severity: alarm === "none" ? SEVERITY.info : SEVERITY.high, data: { residualCurrentMa: a.residualCurrentMa, temperatureC: a.temperatureC, alarm } }];
    }
    case "fence_alarm":
      return [{ kind: a.device.kind === "fence_segment" ? "fence.alarm" : "alarm.intrusion", severity: SEVERITY.high, data: { zone: a.zone } }];
    case "camera_alarm":
      return [{ kind: GB_KIND[a.alarmType], severity: SEVERITY.high, data: { alarmType: a.alarmType } }];
    case "status":
      return [{ kind: `device.${a.status}`, severity: a.status === "online" ? SEVERITY.info : SEVERITY.medium, data: {} }];
    case "bad_frame":
      return []; // wire-level garbage has no event; the ingest dead-letter path covers it
  }
}

export function actionToEvents(a: DeviceAction, s: Stamp): NewCampusEvent[] {
  const drill = s.drillId ?? null;
  return mapAction(a).map((m, i) => ({
    id: `${s.idPrefix}${a.n}${i ? `:${i}` : ""}`,
    campusId: s.campusId,
    kind: m.kind,
    severity: m.severity,
    occurredAt: new Date(s.atMs),
    deviceId: a.device.id,
    location: { xM: a.device.position[0], yM: a.device.position[1], floor: a.device.floor },
    subject: m.subject ?? null,
    source: { protocol: "simulator", rawRef: drill ? `drill:${drill}:${a.n}` : null },
    data: drill ? { ...m.data, drill } : m.data,
  }));
}
