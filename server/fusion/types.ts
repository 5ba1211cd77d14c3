import type { CampusEvent } from "../contracts/event";
import type { DeviceStatus } from "../contracts/campus";
import type { FaultTicket } from "../contracts/fault";
import type { Incident } from "../contracts/incident";
import type { LinkageRuleInfo } from "../contracts/linkage";
import type { EventLog } from "../events/log";
import type { Logger } from "../observability/logger";
import type { Metrics } from "../observability/metrics";
import type { Db } from "../store/db";
import type { Notifier } from "../notify/types";

// The public face of fusion (DESIGN "Fusion"; REQUIREMENTS ). The API layer
// (tRPC incidents/faults routers, the Socket.IO gateway) depends on these interfaces only.
//
// Every state change goes through the event log: raw device events and operator actions alike
// are applied in seq order by one processor, so `rebuild()` over the log yields the live state.

/** Campus working calendar for fault deadlines (R-5.2: 2 h on working days, 4 h otherwise). */
export interface WorkCalendarConfig {
  /** IANA zone the calendar is read in; default: the campus's own timeZone. */
  timeZone?: string;
  /** ISO weekday numbers that are non-working (1 = Monday … 7 = Sunday); default [6, 7]. */
  weekendDays?: number[];
  /** Extra non-working dates "YYYY-MM-DD" (public holidays). */
  holidays?: string[];
  /** Working dates on a weekend "YYYY-MM-DD" (调休 make-up days). */
  workdays?: string[];
}

export interface FusionConfig {
  /** Incidents at or above this severity notify principal and police. Default 3 (high). */
  notifyMinSeverity?: number;
  calendar?: WorkCalendarConfig;
  /** Fault deadlines (ms); defaults 1 h / 2 h / 4 h / 24 h. */
  faultNotifyMs?: number;
  faultOnSiteWorkdayMs?: number;
  faultOnSiteHolidayMs?: number;
  faultRestoreMs?: number;
  /** Deadline timer period; default 30 s. */
  deadlineCheckMs?: number;
  /** Loitering: a subject seen in one zone for longer than this opens an incident; default 10 min. */
  loiterMs?: number;
  /** Door access schedules by device id, overriding `Device.attrs.schedule`. */
  accessSchedules?: Record<string, AccessSchedule>;
  /** Coverage raster cell size for video linkage (m); default 1. */
  linkageCellSizeM?: number;
  /** Cameras listed per incident, best first; default 8. */
  maxLinkedCameras?: number;
  /** Pauses between attempts to commit a batch's effects before carrying them over; default [50, 200, 1000]. */
  commitRetryDelaysMs?: number[];
}

/** When a door may be opened; outside it a granted access is an incident. Times are campus-local "HH:MM". */
export interface AccessSchedule {
  /** ISO weekdays the window applies to (1 = Monday); default every day. */
  days?: number[];
  from: string;
  to: string;
}

export interface CreateFusionOptions {
  db: Db;
  events: EventLog;
  logger: Logger;
  /** Where processing errors and progress are counted (/metrics); default a private registry. */
  metrics?: Metrics;
  /** Injectable clock (tests use a fake one); default wall clock. */
  now?: () => Date;
  /** Outbound notifications (principal, police, maintainer); default none. */
  notifier?: Notifier | null;
  config?: FusionConfig;
  /** Injectable timer for the deadline check; default setInterval. Return a cancel function. */
  schedule?: (fn: () => void, periodMs: number) => () => void;
}

export interface DeviceState {
  deviceId: string;
  campusId: string;
  kind: string;
  status: DeviceStatus;
  /** When the status last changed (event occurredAt). */
  statusAt: Date;
  lastSeenAt: Date | null;
  /** Clock drift last reported (s), when a device.clock_drift event said so. */
  clockDriftS: number | null;
}

export type DoorStatus = "closed" | "open" | "forced" | "held_open" | "unknown";
export interface DoorState { deviceId: string; state: DoorStatus; at: Date }
export type FenceStatus = "normal" | "alarm" | "fault";
export interface FenceState { deviceId: string; state: FenceStatus; at: Date }
export interface ZoneDensity { zoneId: string; perM2: number; count: number; at: Date; limitPerM2: number | null }
export interface SubjectSighting {
  /** "person:<ref>" or "vehicle:<plate>". */
  subjectKey: string;
  deviceId: string | null;
  zoneId: string | null;
  at: Date;
  seq: number;
  /** When the subject entered its current zone (for loitering). */
  zoneSince: Date | null;
}

/** A deep-comparable picture of the derived state (rebuild-equals-live test, debugging). */
export interface FusionSnapshot {
  appliedSeq: number;
  devices: DeviceState[];
  doors: DoorState[];
  fences: FenceState[];
  densities: ZoneDensity[];
  sightings: SubjectSighting[];
  incidents: Incident[];
  faults: FaultTicket[];
}

/** Read access to the derived state (sorted by id where a list). */
export interface DerivedStateView {
  appliedSeq(): number;
  device(deviceId: string): DeviceState | undefined;
  devices(campusId?: string): DeviceState[];
  doors(campusId?: string): DoorState[];
  fences(campusId?: string): FenceState[];
  densities(campusId?: string): ZoneDensity[];
  sightings(subjectKey: string): SubjectSighting[];
  openIncidents(campusId?: string): Incident[];
  incident(incidentId: string): Incident | undefined;
  openFaults(campusId?: string): FaultTicket[];
  fault(ticketId: string): FaultTicket | undefined;
  snapshot(): FusionSnapshot;
}

export type IncidentChange = "opened" | "updated" | "transition" | "note" | "step" | "overdue";
export interface IncidentNotice { change: IncidentChange; incident: Incident; seq: number }

export type StateChange =
  | { type: "device"; campusId: string; device: DeviceState; seq: number }
  | { type: "door"; campusId: string; door: DoorState; seq: number }
  | { type: "fence"; campusId: string; fence: FenceState; seq: number }
  | { type: "density"; campusId: string; density: ZoneDensity; seq: number }
  | { type: "fault"; campusId: string; ticket: FaultTicket; change: "opened" | "updated" | "escalated" | "closed"; seq: number };

/** Operator commands on incidents. Invalid transitions throw IncidentTransitionError. */
export interface IncidentService {
  get(incidentId: string): Incident | undefined;
  list(filter?: { campusId?: string; open?: boolean }): Incident[];
  acknowledge(incidentId: string, actor: string, note?: string): Promise<Incident>;
  dispatch(incidentId: string, actor: string, note?: string): Promise<Incident>;
  onScene(incidentId: string, actor: string, note?: string): Promise<Incident>;
  resolve(incidentId: string, actor: string, note?: string): Promise<Incident>;
  markFalseAlarm(incidentId: string, actor: string, note?: string): Promise<Incident>;
  addNote(incidentId: string, actor: string, text: string): Promise<Incident>;
  completeStep(incidentId: string, actor: string, stepId: string, note?: string): Promise<Incident>;
}

/** Maintenance commands on fault tickets. */
export interface FaultService {
  get(ticketId: string): FaultTicket | undefined;
  list(filter?: { campusId?: string; open?: boolean }): FaultTicket[];
  notifyMaintainer(ticketId: string, actor: string, maintainer: string): Promise<FaultTicket>;
  recordVisit(ticketId: string, actor: string, note?: string): Promise<FaultTicket>;
  /** Runs the deadline check now (the timer calls this too). */
  checkDeadlines(): Promise<void>;
}

export interface Fusion {
  /** Loads campuses, rebuilds state from the log, reconciles the tables, then follows the log. */
  start(): Promise<void>;
  /** Stops following the log and the timer; waits for in-flight work. */
  stop(): Promise<void>;
  /** Resolves when every event committed so far has been applied. */
  idle(): Promise<void>;
  /** A fresh state built from the whole log, with no side effects (for comparison and repair). */
  rebuild(): Promise<FusionSnapshot>;
  /** Re-reads a campus model (devices, zones, buildings) after it changed. */
  reloadCampus(campusId: string): Promise<void>;
  readonly state: DerivedStateView;
  readonly incidents: IncidentService;
  readonly faults: FaultService;
  readonly rules: readonly LinkageRuleInfo[];
  /** Live listeners for the realtime layer; return an unsubscribe function. */
  onIncident(cb: (notice: IncidentNotice) => void): () => void;
  onStateChange(cb: (change: StateChange) => void): () => void;
}

/** Event kinds fusion appends (source.protocol "system", deviceId of the subject device or null). */
export const FUSION_EVENT_KINDS = {
  incidentOpened: "incident.opened",
  incidentUpdated: "incident.updated",
  incidentTransition: "incident.transition",
  incidentNote: "incident.note_added",
  incidentStep: "incident.step_completed",
  incidentStepOverdue: "incident.step_overdue",
  deviceStatusChanged: "device.status_changed",
  faultOpened: "fault.opened",
  faultNotified: "fault.maintainer_notified",
  faultVisit: "fault.visit_recorded",
  faultEscalated: "fault.escalated",
  faultClosed: "fault.closed",
} as const;

export type { CampusEvent, DeviceStatus };
