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

export function createWorkCalendar(cfg: WorkCalendarConfig, campusTimeZone: string): WorkCalendar {
  const timeZone = cfg.timeZone ?? campusTimeZone;
  const weekend = new Set(cfg.weekendDays ?? [6, 7]);
  const holidays = new Set(cfg.holidays ?? []);
  const workdays = new Set(cfg.workdays ?? []);
  const localTime = (at: Date) => {
    const parts: Record<string, string> = {};
    for (const p of formatter(timeZone).formatToParts(at)) parts[p.type] = p.value;
    return {
      isoWeekday: WEEKDAYS[parts.weekday ?? ""] ?? 1,
      minutes: Number(parts.hour) * 60 + Number(parts.minute),
      date: `${parts.year}-${parts.month}-${parts.day}`,
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
