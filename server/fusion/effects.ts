import type { CampusEvent, NewCampusEvent } from "../contracts/event";
import type { FaultTicket } from "../contracts/fault";
import type { Incident } from "../contracts/incident";
import type { NotificationMessage } from "../notify/types";
import type { DeviceState, IncidentChange, StateChange } from "./types";

// What applying events did, collected per batch: what to persist, which events to append, whom
// to tell. The derived state produces it; fusion.ts commits it (or drops it during a rebuild).

export interface IncidentEventLink { incidentId: string; seq: number; eventId: string; kind: string; occurredAt: Date }

export interface Effects {
  incidents: Map<string, { incident: Incident; change: IncidentChange; seq: number }>;
  incidentEvents: IncidentEventLink[];
  devices: Map<string, DeviceState>;
  faults: Map<string, FaultTicket>;
  stateChanges: StateChange[];
  outputs: NewCampusEvent[];
  notifications: NotificationMessage[];
  /** Outcome of operator commands by event id: null = applied, else why it was refused. */
  commandResults: Map<string, Error | null>;
}

export function emptyEffects(): Effects {
  return {
    incidents: new Map(), incidentEvents: [], devices: new Map(), faults: new Map(),
    stateChanges: [], outputs: [], notifications: [], commandResults: new Map(),
  };
}

/** An event fusion appends itself (source "system"); ids derive from content so re-runs dedupe. */
export function systemEvent(id: string, e: Pick<CampusEvent, "campusId">, kind: string, severity: number, at: Date,
  data: Record<string, unknown>, deviceId: string | null = null, location: NewCampusEvent["location"] = null): NewCampusEvent {
  return {
    id: `fusion:${id}`, campusId: e.campusId, kind, severity, occurredAt: at, deviceId, location, subject: null,
    source: { protocol: "system", rawRef: null }, data,
  };
}

/** Incidents and tickets go into events and notifications as plain JSON (dates as ISO strings). */
export function toJson<T>(x: T): Record<string, unknown> {
  return JSON.parse(JSON.stringify(x)) as Record<string, unknown>;
}
