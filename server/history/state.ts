import type { DeviceStatus } from "../contracts/campus";
import type { CampusEvent } from "../contracts/event";
import { CLOSED_INCIDENT_STATES, ZIncident, type Incident } from "../contracts/incident";
import { statusMove } from "../fusion/device-status";
import { isIncidentAction, nextState } from "../fusion/incident-machine";
import { stepsCompletedBy } from "../fusion/sop";
import { FUSION_EVENT_KINDS as K } from "../fusion/types";

// The replay state of one campus (what /replay draws at the playhead), folded from the log in
// seq order. Plain JSON so it can be stored as a snapshot and restored (StateSnapshot).
//
// Incidents are taken from what fusion recorded at the time (incident.opened / incident.updated
// carry the whole incident, operator commands are replayed on it), not re-derived by running
// today's rules: the replay shows what the duty room saw then, even if a rule changed since.

export interface DensityAt { perM2: number; count: number; atMs: number }

export interface ReplayState {
  campusId: string;
  seq: number;
  atMs: number;
  devices: Record<string, DeviceStatus>;
  /** Status before an alarm, so the alarm's restore returns to it (fusion/device-status.ts). */
  beforeAlarm: Record<string, DeviceStatus>;
  doors: Record<string, string>;
  fences: Record<string, string>;
  densities: Record<string, DensityAt>;
  alarms: Record<string, number>;
  incidents: Record<string, Incident>;
  /** Drill id → last drill event time (ms); removed by drill.ended. */
  drills: Record<string, number>;
}

/** Closed incidents stay visible this long after closing (the replay shows them being closed). */
export const CLOSED_INCIDENT_VISIBLE_MS = 10 * 60_000;

const ALARM_ON = new Set(["fence.alarm", "alarm.intrusion", "alarm.panic", "alarm.unclassified", "access.forced", "fire.smoke", "electric.alarm", "face.watchlist_hit", "vehicle.watchlist_hit", "alarm.video"]);
const ALARM_OFF = new Set(["fence.alarm_restored", "alarm.intrusion_restored", "alarm.panic_restored", "alarm.unclassified_restored", "fire.smoke_restored", "fire.restore"]);
export const DRILL_ENDED_KIND = "drill.ended";

export function emptyReplayState(campusId: string): ReplayState {
  return { campusId, seq: 0, atMs: 0, devices: {}, beforeAlarm: {}, doors: {}, fences: {}, densities: {}, alarms: {}, incidents: {}, drills: {} };
}

/** Applies one event (seq order; older seqs are ignored). Mutates `s`. */
export function applyReplayEvent(s: ReplayState, e: CampusEvent): void {
  if (e.seq <= s.seq) return;
  s.seq = e.seq;
  s.atMs = e.receivedAt.getTime();
  const drill = typeof e.data.drill === "string" ? e.data.drill : null;
  if (drill) {
    if (e.kind === DRILL_ENDED_KIND) delete s.drills[drill];
    else s.drills[drill] = e.occurredAt.getTime();
  }
  if (e.kind.startsWith("incident.")) return applyIncident(s, e);
  if (e.kind === K.deviceStatusChanged) return;
  const id = e.deviceId;
  if (!id) return;
  applyDevice(s, id, e);
  if (e.kind.startsWith("access.")) {
    const door = doorOf(e);
    if (door) s.doors[id] = door;
  } else if (e.kind.startsWith("fence.")) {
    const fence = e.kind === "fence.alarm" ? "alarm" : e.kind === "fence.fault" ? "fault" : e.kind.endsWith("_restored") ? "normal" : null;
    if (fence) s.fences[id] = fence;
  } else if (e.kind === "density.sample" && typeof e.data.zoneId === "string" && typeof e.data.perM2 === "number") {
    s.densities[e.data.zoneId] = { perM2: e.data.perM2, count: typeof e.data.count === "number" ? e.data.count : 0, atMs: e.occurredAt.getTime() };
  }
  if (ALARM_ON.has(e.kind)) s.alarms[id] = e.occurredAt.getTime();
  else if (ALARM_OFF.has(e.kind)) delete s.alarms[id];
}

function applyDevice(s: ReplayState, id: string, e: CampusEvent): void {
  const current = s.devices[id] ?? "online";
  const move = statusMove(e.kind, current);
  if (!move) return;
  const to = "to" in move ? move.to : s.beforeAlarm[id] ?? "online";
  if (to === "alarm" && current !== "alarm") s.beforeAlarm[id] = current;
  // Only departures from the default are kept: snapshots stay small on a campus of thousands of devices.
  if (to === "online") delete s.devices[id];
  else s.devices[id] = to;
}

function doorOf(e: CampusEvent): string | null {
  if (e.kind === "access.forced") return "forced";
  if (e.kind === "access.held_open") return "held_open";
  if (e.kind !== "access.door_state") return null;
  return e.data.state === "open" ? "open" : e.data.state === "closed" ? "closed" : null;
}

function applyIncident(s: ReplayState, e: CampusEvent): void {
  const incidentId = String(e.data.incidentId ?? "");
  if (e.kind === K.incidentOpened || e.kind === K.incidentUpdated) {
    const parsed = ZIncident.safeParse(e.data.incident);
    if (parsed.success) s.incidents[incidentId] = parsed.data;
    return;
  }
  const inc = s.incidents[incidentId];
  if (!inc) return;
  const actor = String(e.data.actor ?? "system");
  const note = typeof e.data.note === "string" ? e.data.note : null;
  const at = e.occurredAt;
  if (e.kind === K.incidentTransition && isIncidentAction(e.data.action)) {
    const to = nextState(inc.state, e.data.action);
    if (!to) return; // fusion refused it then too
    inc.history.push({ from: inc.state, to, at, actor, note, seq: e.seq });
    inc.state = to;
    inc.updatedAt = at;
    for (const stepId of stepsCompletedBy(inc.sopId, to)) {
      const step = inc.steps.find((x) => x.id === stepId);
      if (step && !step.doneAt) Object.assign(step, { doneAt: at, doneBy: actor });
    }
    if (CLOSED_INCIDENT_STATES.has(to)) inc.closedAt = at;
  } else if (e.kind === K.incidentNote) {
    inc.notes.push({ at, actor, text: String(e.data.text ?? ""), seq: e.seq });
  } else if (e.kind === K.incidentStep || e.kind === K.incidentStepOverdue) {
    const step = inc.steps.find((x) => x.id === String(e.data.stepId ?? ""));
    if (!step) return;
    if (e.kind === K.incidentStepOverdue) step.overdueAt ??= at;
    else if (!step.doneAt) Object.assign(step, { doneAt: at, doneBy: actor, note });
  }
}

/** Drops incidents closed long enough ago (keeps snapshots bounded). */
export function pruneReplayState(s: ReplayState, nowMs: number): void {
  for (const [id, inc] of Object.entries(s.incidents)) {
    if (inc.closedAt && nowMs - inc.closedAt.getTime() > CLOSED_INCIDENT_VISIBLE_MS) delete s.incidents[id];
  }
}

export function serializeReplayState(s: ReplayState): string {
  return JSON.stringify(s);
}

export function parseReplayState(json: string): ReplayState {
  const raw = JSON.parse(json) as ReplayState;
  const incidents: Record<string, Incident> = {};
  for (const [id, inc] of Object.entries(raw.incidents)) incidents[id] = ZIncident.parse(inc);
  return { ...raw, incidents };
}
