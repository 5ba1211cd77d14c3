import { useSyncExternalStore } from "react";
import type { LiveStateChange } from "../../../server/contracts/realtime";
import { connectLive, type LiveConnection, type LiveStatus, type WireFrame } from "../../lib/live";
import { ALARM_OFF, ALARM_ON, FENCE_BY_KIND } from "../../lib/live-apply";
import type { FenceDisplay } from "../../lib/live-store";
import type { DutyLogRow } from "./DutyLog";
import { applyOverlayFrame, type MapOverlays } from "./map-overlays";

// The live picture the 2D map draws: fence zone states, devices down, devices in alarm and the
// duty log, folded from the live frames of web/lib/live.ts (resumed from the seq the map's
// initial state was read at, so no alarm falls between the read and the stream). A tiny
// external store: the GL layer reads it in a subscription, panels through useMapLive.


export interface MapLiveState {
  connection: LiveStatus;
  fences: ReadonlyMap<string, FenceDisplay>;
  down: ReadonlyMap<string, boolean>;
  /** Device id → when its alarm started (ms since epoch); fence zones included. */
  alarms: ReadonlyMap<string, number>;
  /** Newest first. */
  log: readonly DutyLogRow[];
  /** Patrol, guards, open incidents and density (map-overlays.ts). */
  overlays: MapOverlays;
}

export interface MapLive {
  getState(): MapLiveState;
  subscribe(listener: () => void): () => void;
  close(): void;
}

const DOWN_BY_KIND: Record<string, boolean> = { "device.offline": true, "device.online": false, "device.fault": true, "device.fault_restored": false };
const LOG_CAP = 500;

export const isDutyEvent = (kind: string, severity: number) => kind.startsWith("fence.") || severity >= 3;

/** Folds one frame into the state (pure: tests and replays use it alone). */
export function applyFrame(s: MapLiveState, frame: WireFrame): MapLiveState {
  const fences = new Map(s.fences);
  const down = new Map(s.down);
  const alarms = new Map(s.alarms);
  const rows: DutyLogRow[] = [];
  for (const e of frame.events) {
    const id = e.deviceId;
    if (id) {
      const fence = FENCE_BY_KIND[e.kind];
      if (fence) fences.set(id, fence);
      const isDown = DOWN_BY_KIND[e.kind];
      if (isDown !== undefined) down.set(id, isDown);
      if (ALARM_ON.has(e.kind) && !alarms.has(id)) alarms.set(id, Date.parse(e.occurredAt));
      if (ALARM_OFF.has(e.kind)) alarms.delete(id);
    }
    if (isDutyEvent(e.kind, e.severity)) rows.push({ seq: e.seq, occurredAt: e.occurredAt, kind: e.kind, severity: e.severity, deviceId: e.deviceId });
  }
  for (const c of frame.state) applyStateChange(c, fences, down);
  const log = rows.length ? [...rows.reverse(), ...s.log.filter((r) => !rows.some((n) => n.seq === r.seq))].slice(0, LOG_CAP) : s.log;
  return { ...s, fences, down, alarms, log, overlays: applyOverlayFrame(s.overlays, frame) };
}

function applyStateChange(c: LiveStateChange, fences: Map<string, FenceDisplay>, down: Map<string, boolean>): void {
  const id = typeof c.value.deviceId === "string" ? c.value.deviceId : null;
  if (!id) return;
  if (c.type === "fence" && typeof c.value.state === "string" && ["normal", "alarm", "fault", "disarmed"].includes(c.value.state)) {
    fences.set(id, c.value.state as FenceDisplay);
  }
  if (c.type === "device" && typeof c.value.status === "string") down.set(id, c.value.status === "offline" || c.value.status === "fault");
}

export function createMapLive(opts: { campusId: string; afterSeq: number; initial: Omit<MapLiveState, "connection"> }): MapLive {
  let state: MapLiveState = { connection: "connecting", ...opts.initial };
  const listeners = new Set<() => void>();
  const set = (next: MapLiveState) => {
    state = next;
    for (const l of listeners) l();
  };
  const conn: LiveConnection = connectLive({
    campusId: opts.campusId,
    afterSeq: opts.afterSeq,
    onFrame: (frame) => set(applyFrame(state, frame)),
    onStatus: (connection) => set({ ...state, connection }),
  });
  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    close: () => conn.close(),
  };
}

export function useMapLive<T>(live: MapLive, select: (s: MapLiveState) => T): T {
  return useSyncExternalStore(live.subscribe, () => select(live.getState()), () => select(live.getState()));
}
