import type { WorkCalendarConfig } from "./types";

// The campus working calendar (R-5.2: on-site within 2 h on working days, 4 h otherwise). Days
// are read in the campus time zone: a fault at 23:30 UTC Friday is Saturday morning in Shanghai.

export interface WorkCalendar {
  isWorkingDay(at: Date): boolean;
  /** Campus-local ISO weekday (1 = Monday) and minutes after midnight. */
  localTime(at: Date): { isoWeekday: number; minutes: number; date: string };
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone, weekday: "short", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Campus-local wall clock fields of an instant, read from Intl (the reference; slow). */
export function localFieldsByIntl(at: Date, timeZone: string): { isoWeekday: number; minutes: number; date: string } {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(at)) parts[p.type] = p.value;
  return {
    isoWeekday: WEEKDAYS[parts.weekday ?? ""] ?? 1,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
    date: `${parts.year}-${parts.month}-${parts.day}`,
  };
}

/**
 * UTC offsets change only on quarter-hour instants (every zone's offset is a whole number of
 * quarter hours since the early 20th century), so the offset read once at the start of a
 * quarter hour holds for all of it. Intl.formatToParts costs microseconds and a dozen objects;
 * the access rules read the local time of every door event (thousands a second at peak).
 */
const QUARTER_HOUR_MS = 15 * 60_000;
const MAX_CACHED_OFFSETS = 4096;

function offsetReader(timeZone: string): (at: Date) => number {
  const offsets = new Map<number, number>();
  return (at) => {
    const quarter = Math.floor(at.getTime() / QUARTER_HOUR_MS);
    let offsetMs = offsets.get(quarter);
    if (offsetMs === undefined) {
      const startMs = quarter * QUARTER_HOUR_MS;
      const f = localFieldsByIntl(new Date(startMs), timeZone);
      const [y, m, d] = f.date.split("-").map(Number) as [number, number, number];
      offsetMs = Date.UTC(y, m - 1, d) + f.minutes * 60_000 - startMs;
      if (offsets.size >= MAX_CACHED_OFFSETS) offsets.clear();
      offsets.set(quarter, offsetMs);
    }
    return offsetMs;
  };
}

export function createWorkCalendar(cfg: WorkCalendarConfig, campusTimeZone: string): WorkCalendar {
  const timeZone = cfg.timeZone ?? campusTimeZone;
  const weekend = new Set(cfg.weekendDays ?? [6, 7]);
  const holidays = new Set(cfg.holidays ?? []);
  const workdays = new Set(cfg.workdays ?? []);
  const offsetOf = offsetReader(timeZone);
  const localTime = (at: Date) => {
    const local = new Date(at.getTime() + offsetOf(at)); // the local wall clock, read with UTC getters
    return {
      isoWeekday: local.getUTCDay() || 7,
      minutes: local.getUTCHours() * 60 + local.getUTCMinutes(),
      date: local.toISOString().slice(0, 10),
    };
  };
  return {
    localTime,
    isWorkingDay(at) {
      const t = localTime(at);
      if (workdays.has(t.date)) return true;
      if (holidays.has(t.date)) return false;
      return !weekend.has(t.isoWeekday);
    },
  };
}
