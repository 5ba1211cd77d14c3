import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createWorkCalendar, localFieldsByIntl } from "./calendar";

// The calendar reads campus-local time from a cached UTC offset per quarter hour; Intl's
// formatToParts is the reference. Zones with daylight saving (30-minute DST on Lord Howe),
// a quarter-hour offset (Kathmandu) and none (Shanghai), at random instants and at the
// instants around their offset changes.

const ZONES = ["Asia/Shanghai", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Chatham"];
/** Offset changes in 2026: US spring forward, EU fall back, Lord Howe's half-hour shifts. */
const CHANGES = ["2026-03-08T07:00:00Z", "2026-11-01T06:00:00Z", "2026-03-29T01:00:00Z", "2026-10-25T01:00:00Z", "2026-04-04T15:00:00Z", "2026-10-03T15:30:00Z"];

describe("work calendar: campus-local time", () => {
  it("agrees with Intl at random instants and around every offset change, in every zone", () => {
    let seed = 20261127;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const instants: Date[] = [];
    for (let i = 0; i < 400; i++) instants.push(new Date(Date.UTC(2025, 0, 1) + random() * 3 * 365 * 86_400_000));
    for (const c of CHANGES) for (const dMs of [-60_000, -1, 0, 1, 60_000, 30 * 60_000]) instants.push(new Date(Date.parse(c) + dMs));
    for (const zone of ZONES) {
      const cal = createWorkCalendar({}, zone);
      for (const at of instants) {
        const want = localFieldsByIntl(at, zone);
        assert.deepEqual(cal.localTime(at), want, `${zone} at ${at.toISOString()}`);
      }
    }
  });

  it("reads working days in the campus zone, with holidays and swapped workdays", () => {
    const cal = createWorkCalendar({ holidays: ["2026-10-01"], workdays: ["2026-10-10"] }, "Asia/Shanghai");
    assert.equal(cal.isWorkingDay(new Date("2026-11-27T15:30:00Z")), true, "Friday 23:30 in Shanghai");
    assert.equal(cal.isWorkingDay(new Date("2026-11-27T16:30:00Z")), false, "already Saturday in Shanghai");
    assert.equal(cal.isWorkingDay(new Date("2026-10-01T04:00:00Z")), false, "a holiday on a Thursday");
    assert.equal(cal.isWorkingDay(new Date("2026-10-10T04:00:00Z")), true, "a Saturday made a workday");
  });
});
