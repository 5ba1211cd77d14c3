import type { DeviceStatus } from "../../server/contracts/campus";
import type { CampusEvent } from "../../server/contracts/event";
import type { FaultTicket } from "../../server/contracts/fault";
import type { Incident } from "../../server/contracts/incident";
import { createStore, type Store } from "./store";

// The live picture of one campus as the browser sees it: what the live client (live-client.ts)
// writes and what panels (useStore) and scene layers (getState() in useFrame) read. It holds
// display state only; incidents, SOPs and fault tickets come from the server's fusion as they are.

export type ConnectionStatus = "connecting" | "live" | "reconnecting" | "offline" | "unauthorized";
export type FenceDisplay = "normal" | "alarm" | "fault" | "disarmed";
export type DoorDisplay = "closed" | "open" | "forced" | "held_open";

export interface ZoneDensityView {
  perM2: number;
  count: number;
  atMs: number;
}

/** A pulsing alarm marker: at a device, or at an incident's location. */
export interface Beacon {
  key: string;
  eastM: number;
  northM: number;
  upM: number;
  severity: number;
  sinceMs: number;
  deviceId: string | null;
  incidentId: string | null;
}

export interface LiveState {
  campusId: string | null;
  connection: ConnectionStatus;
  /** Last event seq applied: the resume point after a reconnect. */
  lastSeq: number;
  lastEventAtMs: number | null;
  /** Newest first, capped at EVENT_FEED_CAP. */
  events: readonly CampusEvent[];
  incidents: ReadonlyMap<string, Incident>;
  faults: ReadonlyMap<string, FaultTicket>;
  deviceStatus: ReadonlyMap<string, DeviceStatus>;
  doors: ReadonlyMap<string, DoorDisplay>;
  fences: ReadonlyMap<string, FenceDisplay>;
  densities: ReadonlyMap<string, ZoneDensityView>;
  /** Devices whose own alarm is active (until its restore event or the incident closes). */
  alarmDevices: ReadonlyMap<string, number>;
  /** Bumped on every change of device, door, fence or alarm state: scene layers re-colour on change. */
  stateVersion: number;
  /** Bumped on every density change: the heatmap re-uploads its texture on change. */
  densityVersion: number;
}

export const EVENT_FEED_CAP = 400;

export function initialLiveState(campusId: string | null = null): LiveState {
  return {
    campusId, connection: "connecting", lastSeq: 0, lastEventAtMs: null, events: [],
    incidents: new Map(), faults: new Map(), deviceStatus: new Map(), doors: new Map(), fences: new Map(),
    densities: new Map(), alarmDevices: new Map(), stateVersion: 0, densityVersion: 0,
  };
}

export type LiveStore = Store<LiveState>;

export function createLiveStore(campusId: string | null = null): LiveStore {
  return createStore(initialLiveState(campusId));
}

/** Incidents that are not resolved or false alarms, most severe then newest first. */
export function openIncidents(s: Pick<LiveState, "incidents">): Incident[] {
  return [...s.incidents.values()]
    .filter((i) => i.state !== "resolved" && i.state !== "false_alarm")
    .sort((a, b) => b.severity - a.severity || +new Date(b.openedAt) - +new Date(a.openedAt));
}
