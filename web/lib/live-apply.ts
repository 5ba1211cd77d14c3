import type { DeviceStatus } from "../../server/contracts/campus";
import type { CampusEvent } from "../../server/contracts/event";
import type { Incident } from "../../server/contracts/incident";
import { type DoorDisplay, EVENT_FEED_CAP, type FenceDisplay, type LiveState } from "./live-store";

// Folds device events into display state (a door drawn open, a fence segment drawn in alarm).
// This is presentation of what each device last reported, not fusion: incidents, their cameras
// and SOPs arrive from the server as they are (applyIncidents). Pure, so it is unit-tested.

/** Shared with the 2D map (web/components/map/map-live.ts), so both screens read events alike. */
export const FENCE_BY_KIND: Readonly<Record<string, FenceDisplay>> = {
  "fence.alarm": "alarm", "fence.alarm_restored": "normal", "fence.fault": "fault", "fence.fault_restored": "normal",
  "panel.disarmed": "disarmed", "panel.armed": "normal",
};

const STATUS_BY_KIND: Record<string, DeviceStatus> = {
  "device.online": "online", "device.offline": "offline", "device.fault": "fault", "device.fault_restored": "online",
  "panel.armed": "armed", "panel.disarmed": "disarmed",
};

/** Kinds that light a device's alarm beacon, and the kinds that put it out. */
export const ALARM_ON: ReadonlySet<string> = new Set(["fence.alarm", "alarm.intrusion", "alarm.panic", "alarm.unclassified", "access.forced", "fire.smoke", "electric.alarm", "face.watchlist_hit", "alarm.video"]);
export const ALARM_OFF: ReadonlySet<string> = new Set(["fence.alarm_restored", "alarm.intrusion_restored", "alarm.panic_restored", "alarm.unclassified_restored", "fire.smoke_restored", "fire.restore"]);

function doorOf(e: CampusEvent): DoorDisplay | null {
  if (e.kind === "access.forced") return "forced";
  if (e.kind === "access.held_open") return "held_open";
  if (e.kind === "access.door_state") {
    const state = e.data.state;
    if (state === "open" || state === "opened") return "open";
    if (state === "closed") return "closed";
    if (state === "forced") return "forced";
    if (state === "held_open") return "held_open";
  }
  return null;
}

function statusOf(e: CampusEvent): DeviceStatus | null {
  if (e.kind === "device.status_changed" || e.kind === "device.status") {
    const s = e.data.status ?? e.data.to;
    return typeof s === "string" && isStatus(s) ? s : null;
  }
  return STATUS_BY_KIND[e.kind] ?? null;
}

function isStatus(s: string): s is DeviceStatus {
  return ["online", "offline", "fault", "armed", "disarmed", "alarm"].includes(s);
}

/**
 * Applies a batch (any order, duplicates allowed: seq dedupes) and returns the state patch. A
 * `preview` (the priority lane's alarms, ahead of their frame) is shown at once but leaves
 * `lastSeq` alone: the frame that follows re-applies it in order with the events before it.
 */
export function applyEvents(s: LiveState, batch: readonly CampusEvent[], opts: { preview?: boolean } = {}): Partial<LiveState> {
  const fresh = batch.filter((e) => e.seq > s.lastSeq).sort((a, b) => a.seq - b.seq);
  if (fresh.length === 0) return {};
  const status = new Map(s.deviceStatus);
  const doors = new Map(s.doors);
  const fences = new Map(s.fences);
  const alarms = new Map(s.alarmDevices);
  const densities = new Map(s.densities);
  let densityChanged = false;
  for (const e of fresh) {
    const id = e.deviceId;
    if (id) {
      const st = statusOf(e);
      if (st) status.set(id, st);
      const door = doorOf(e);
      if (door) doors.set(id, door);
      const fence = FENCE_BY_KIND[e.kind];
      if (fence) fences.set(id, fence);
      if (ALARM_ON.has(e.kind)) alarms.set(id, +new Date(e.occurredAt));
      if (ALARM_OFF.has(e.kind)) alarms.delete(id);
    }
    if (e.kind === "density.sample" && typeof e.data.zoneId === "string" && typeof e.data.perM2 === "number") {
      densities.set(e.data.zoneId, { perM2: e.data.perM2, count: Number(e.data.count ?? 0), atMs: +new Date(e.occurredAt) });
      densityChanged = true;
    }
  }
  const last = fresh[fresh.length - 1]!;
  return {
    lastSeq: opts.preview ? s.lastSeq : last.seq,
    lastEventAtMs: +new Date(last.receivedAt),
    events: mergeFeed(s.events, fresh),
    deviceStatus: status, doors, fences, alarmDevices: alarms,
    stateVersion: s.stateVersion + 1,
    ...(densityChanged ? { densities, densityVersion: s.densityVersion + 1 } : {}),
  };
}

/** Newest first by seq, each seq once (a previewed alarm comes again in its frame), capped. */
function mergeFeed(feed: readonly CampusEvent[], fresh: readonly CampusEvent[]): CampusEvent[] {
  const newestFirst = fresh.slice().reverse();
  const oldest = newestFirst[newestFirst.length - 1]!.seq;
  if (feed.length === 0 || feed[0]!.seq < oldest) return [...newestFirst, ...feed].slice(0, EVENT_FEED_CAP);
  const seqs = new Set(fresh.map((e) => e.seq));
  return [...newestFirst, ...feed.filter((e) => !seqs.has(e.seq))].sort((a, b) => b.seq - a.seq).slice(0, EVENT_FEED_CAP);
}

/** Replaces or adds incidents as the server sent them (list, get, or a live update). */
export function applyIncidents(s: LiveState, incidents: readonly Incident[], replaceAll = false): Partial<LiveState> {
  const next = replaceAll ? new Map<string, Incident>() : new Map(s.incidents);
  for (const i of incidents) {
    const prev = next.get(i.id);
    // Never go back in time: a late answer to an older query must not undo a newer update.
    if (prev && +new Date(prev.updatedAt) > +new Date(i.updatedAt)) continue;
    next.set(i.id, i);
  }
  return { incidents: next, stateVersion: s.stateVersion + 1 };
}

/** Fusion's derived state (live frames' `state`): authoritative over what events suggested. */
export interface StateChangeLike {
  type: string;
  value: Record<string, unknown>;
}

export function applyStateChanges(s: LiveState, changes: readonly StateChangeLike[]): Partial<LiveState> {
  if (changes.length === 0) return {};
  const status = new Map(s.deviceStatus);
  const doors = new Map(s.doors);
  const fences = new Map(s.fences);
  const alarms = new Map(s.alarmDevices);
  const densities = new Map(s.densities);
  let densityChanged = false;
  for (const c of changes) {
    const v = c.value;
    const id = typeof v.deviceId === "string" ? v.deviceId : null;
    if (c.type === "device" && id && typeof v.status === "string" && isStatus(v.status)) status.set(id, v.status);
    if (c.type === "door" && id && (v.state === "closed" || v.state === "open" || v.state === "forced" || v.state === "held_open")) doors.set(id, v.state);
    if (c.type === "fence" && id && (v.state === "normal" || v.state === "alarm" || v.state === "fault")) {
      fences.set(id, v.state);
      if (v.state === "alarm") alarms.set(id, alarms.get(id) ?? Date.now());
      else alarms.delete(id);
    }
    if (c.type === "density" && typeof v.zoneId === "string" && typeof v.perM2 === "number") {
      densities.set(v.zoneId, { perM2: v.perM2, count: Number(v.count ?? 0), atMs: +new Date(String(v.at)) });
      densityChanged = true;
    }
  }
  return {
    deviceStatus: status, doors, fences, alarmDevices: alarms, stateVersion: s.stateVersion + 1,
    ...(densityChanged ? { densities, densityVersion: s.densityVersion + 1 } : {}),
  };
}
