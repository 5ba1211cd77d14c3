import { SEVERITY } from "../contracts/event";
import type { AccessSchedule, FusionConfig, WorkCalendarConfig } from "./types";

// FusionConfig with every default filled in (R-4.4 notify level, R-5.2 fault deadlines).

const HOUR_MS = 3_600_000;

export interface ResolvedConfig {
  notifyMinSeverity: number;
  calendar: WorkCalendarConfig;
  faultNotifyMs: number;
  faultOnSiteWorkdayMs: number;
  faultOnSiteHolidayMs: number;
  faultRestoreMs: number;
  deadlineCheckMs: number;
  loiterMs: number;
  accessSchedules: Record<string, AccessSchedule>;
  linkageCellSizeM: number;
  maxLinkedCameras: number;
  commitRetryDelaysMs: readonly number[];
}

export function resolveConfig(c: FusionConfig = {}): ResolvedConfig {
  return {
    notifyMinSeverity: c.notifyMinSeverity ?? SEVERITY.high,
    calendar: c.calendar ?? {},
    faultNotifyMs: c.faultNotifyMs ?? 1 * HOUR_MS,
    faultOnSiteWorkdayMs: c.faultOnSiteWorkdayMs ?? 2 * HOUR_MS,
    faultOnSiteHolidayMs: c.faultOnSiteHolidayMs ?? 4 * HOUR_MS,
    faultRestoreMs: c.faultRestoreMs ?? 24 * HOUR_MS,
    deadlineCheckMs: c.deadlineCheckMs ?? 30_000,
    loiterMs: c.loiterMs ?? 10 * 60_000,
    accessSchedules: c.accessSchedules ?? {},
    linkageCellSizeM: c.linkageCellSizeM ?? 1,
    maxLinkedCameras: c.maxLinkedCameras ?? 8,
    commitRetryDelaysMs: c.commitRetryDelaysMs ?? [50, 200, 1000],
  };
}

/** A schedule from Device.attrs.schedule ({ from, to, days? }), if well formed. */
export function scheduleFromAttrs(attrs: Record<string, unknown>): AccessSchedule | null {
  const s = attrs.schedule;
  if (typeof s !== "object" || s === null) return null;
  const { from, to, days } = s as Record<string, unknown>;
  if (typeof from !== "string" || typeof to !== "string") return null;
  const okDays = Array.isArray(days) && days.every((d) => typeof d === "number") ? (days as number[]) : undefined;
  return { from, to, ...(okDays ? { days: okDays } : {}) };
}
