import { z } from "zod";
import { ZEventLocation } from "./event";
import { ZLinkedCamera } from "./linkage";

// Incidents (REQUIREMENTS R-4): what fusion makes of raw device events, and what a commander
// works through. State machine: open → acknowledged → dispatched → on_scene → resolved |
// false_alarm (server/fusion/incident-machine.ts); every transition is timestamped with its actor.

export const INCIDENT_STATES = ["open", "acknowledged", "dispatched", "on_scene", "resolved", "false_alarm"] as const;
export const ZIncidentState = z.enum(INCIDENT_STATES);
export type IncidentState = z.infer<typeof ZIncidentState>;
export const CLOSED_INCIDENT_STATES: ReadonlySet<IncidentState> = new Set(["resolved", "false_alarm"]);

export const ZIncidentTransition = z.object({
  from: ZIncidentState.nullable(),
  to: ZIncidentState,
  at: z.coerce.date(),
  /** User id, or "system" for fusion itself. */
  actor: z.string(),
  note: z.string().nullable().default(null),
  /** Seq of the log event that recorded the transition. */
  seq: z.number().int().nonnegative(),
});
export type IncidentTransition = z.infer<typeof ZIncidentTransition>;

export const ZIncidentNote = z.object({ at: z.coerce.date(), actor: z.string(), text: z.string(), seq: z.number().int() });
export type IncidentNote = z.infer<typeof ZIncidentNote>;

/** One step of the incident's SOP checklist, with its deadline from the incident's opening. */
export const ZSopStepState = z.object({
  id: z.string(),
  title: z.string(),
  deadlineAt: z.coerce.date().nullable(),
  doneAt: z.coerce.date().nullable().default(null),
  doneBy: z.string().nullable().default(null),
  note: z.string().nullable().default(null),
  /** Set once when the deadline passed with the step not done (an `incident.step_overdue` event). */
  overdueAt: z.coerce.date().nullable().default(null),
});
export type SopStepState = z.infer<typeof ZSopStepState>;

export const ZIncident = z.object({
  id: z.string(),
  campusId: z.string(),
  /** Rule that opened it (server/fusion/rules/). */
  ruleId: z.string(),
  /** Incident kind, e.g. "fence_alarm", "intrusion", "fire". */
  kind: z.string(),
  severity: z.number().int().min(0).max(4),
  state: ZIncidentState,
  title: z.string(),
  location: ZEventLocation.nullable(),
  zoneId: z.string().nullable(),
  /** Devices whose events joined the incident, first first. */
  deviceIds: z.array(z.string()),
  /** Seqs of the events that opened or joined the incident (capped, see eventCount). */
  eventSeqs: z.array(z.number().int()),
  eventCount: z.number().int().nonnegative(),
  openedSeq: z.number().int(),
  openedAt: z.coerce.date(),
  /** occurredAt of the newest joined event: the join window runs from here. */
  lastEventAt: z.coerce.date(),
  updatedAt: z.coerce.date(),
  closedAt: z.coerce.date().nullable(),
  cameras: z.array(ZLinkedCamera),
  sopId: z.string(),
  steps: z.array(ZSopStepState),
  history: z.array(ZIncidentTransition),
  notes: z.array(ZIncidentNote),
});
export type Incident = z.infer<typeof ZIncident>;
