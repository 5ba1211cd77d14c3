import { SEVERITY } from "../../contracts/event";
import { deviceKey, deviceName, sharesKey, subjectKeyOf, zoneIdOf, type LinkageRule } from "./types";

// Access-control rules: forced door, door held open, and a granted access outside the
// door's schedule (Device.attrs.schedule or FusionConfig.accessSchedules).

export const forcedDoorRule: LinkageRule = {
  id: "door_forced", title: "门被强行打开", kinds: ["access.forced"], incidentKind: "door_forced",
  severity: SEVERITY.high, joinWindowMs: 120_000, sopId: "door_forced", requirement: "R-4.1",
  match(e, ctx) {
    return { severity: Math.max(e.severity, SEVERITY.high), title: `强行开门：${deviceName(e, ctx)}`, zoneId: zoneIdOf(e, ctx), keys: deviceKey(e) };
  },
  joins: (inc, _e, m) => sharesKey(inc, m),
};

export const heldOpenRule: LinkageRule = {
  id: "door_held_open", title: "门长时间未关", kinds: ["access.held_open"], incidentKind: "door_held_open",
  severity: SEVERITY.medium, joinWindowMs: 600_000, sopId: "door_held_open", requirement: "R-4.1",
  match(e, ctx) {
    return { severity: SEVERITY.medium, title: `门未关闭：${deviceName(e, ctx)}`, zoneId: zoneIdOf(e, ctx), keys: deviceKey(e) };
  },
  joins: (inc, _e, m) => sharesKey(inc, m),
};

/** "HH:MM" → minutes after midnight. */
export function minutesOf(hhmm: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!m) throw new Error(`Invariant: schedule time "${hhmm}" is not HH:MM`);
  return Number(m[1]) * 60 + Number(m[2]);
}

export const afterHoursAccessRule: LinkageRule = {
  id: "after_hours_access", title: "非开放时间通行", kinds: ["access.granted"], incidentKind: "after_hours_access",
  severity: SEVERITY.medium, joinWindowMs: 600_000, sopId: "after_hours_access", requirement: "R-4.1",
  match(e, ctx) {
    if (!e.deviceId) return null;
    const schedule = ctx.scheduleFor(e.deviceId);
    if (!schedule) return null;
    const t = ctx.localTime(e.occurredAt);
    const from = minutesOf(schedule.from), to = minutesOf(schedule.to);
    // A window may wrap midnight (from > to), e.g. a night-shift door 22:00–06:00.
    const inWindow = from <= to ? t.minutes >= from && t.minutes < to : t.minutes >= from || t.minutes < to;
    const dayOk = !schedule.days || schedule.days.includes(t.isoWeekday);
    if (inWindow && dayOk) return null;
    const subject = subjectKeyOf(e);
    return { severity: SEVERITY.medium, title: `非开放时间通行：${deviceName(e, ctx)}`, zoneId: zoneIdOf(e, ctx),
      keys: [...deviceKey(e), ...(subject ? [subject] : [])] };
  },
  joins: (inc, _e, m) => sharesKey(inc, m),
};
