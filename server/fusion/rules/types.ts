import type { CampusEvent } from "../../contracts/event";
import type { LinkageRuleInfo } from "../../contracts/linkage";
import type { CampusIndex } from "../campus-index";
import type { AccessSchedule, SubjectSighting } from "../types";

// A linkage rule is data plus two pure functions (DESIGN "Rules are data"): `match` says whether
// an event opens (or joins) an incident of this rule and how severe it is; `joins` says whether a
// matching event belongs to an open incident of the same rule seen within `joinWindowMs` (the
// engine checks campus, rule, open state and window). Rules read context, never write it.

export interface RuleContext {
  campus: CampusIndex;
  loiterMs: number;
  /** Latest sighting of a subject (already updated with the event being evaluated). */
  sighting(subjectKey: string): SubjectSighting | undefined;
  scheduleFor(deviceId: string): AccessSchedule | null;
  /** Campus-local wall clock of an instant: ISO weekday (1 = Monday) and minutes after midnight. */
  localTime(at: Date): { isoWeekday: number; minutes: number };
}

export interface RuleMatch {
  severity: number;
  title: string;
  zoneId: string | null;
  /** Join keys: an event joins an incident that holds any of its keys (device, subject, zone …). */
  keys: string[];
}

export interface OpenIncidentView {
  deviceIds: readonly string[];
  keys: ReadonlySet<string>;
  zoneId: string | null;
}

export interface LinkageRule extends LinkageRuleInfo {
  match(event: CampusEvent, ctx: RuleContext): RuleMatch | null;
  joins(incident: OpenIncidentView, event: CampusEvent, match: RuleMatch, ctx: RuleContext): boolean;
}

/** Default join: the incident already holds one of the event's keys. */
export function sharesKey(incident: OpenIncidentView, match: RuleMatch): boolean {
  return match.keys.some((k) => incident.keys.has(k));
}

export const deviceKey = (e: CampusEvent): string[] => (e.deviceId ? [`device:${e.deviceId}`] : []);

export function subjectKeyOf(e: CampusEvent): string | null {
  const s = e.subject;
  if (!s) return null;
  if (s.plate) return `vehicle:${s.plate}`;
  if (s.ref) return `${s.type}:${s.ref}`;
  return null;
}

/** Device name for titles, falling back to its id. */
export function deviceName(e: CampusEvent, ctx: RuleContext): string {
  return (e.deviceId && ctx.campus.device(e.deviceId)?.name) || e.deviceId || "未知设备";
}

export function zoneIdOf(e: CampusEvent, ctx: Pick<RuleContext, "campus">): string | null {
  if (typeof e.data.zoneId === "string" && ctx.campus.zone(e.data.zoneId)) return e.data.zoneId;
  if (e.deviceId) {
    const z = ctx.campus.zoneOfDevice(e.deviceId);
    if (z) return z.id;
  }
  return e.location ? ctx.campus.zoneAt(e.location.xM, e.location.yM, e.location.floor)?.id ?? null : null;
}
