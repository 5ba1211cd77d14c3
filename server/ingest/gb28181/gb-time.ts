// GB/T 28181 times are local wall-clock times without a zone (§A.2.1 dateTime,
// "yyyy-MM-ddTHH:mm:ss[.SSS]"); the platform interprets them in its configured time zone.

/** GB/T 28181 local date-time without zone, "yyyy-MM-ddTHH:mm:ss.SSS" (§A.2.1 dateTime). */
export function gbDateTime(at: Date, timeZone: string, withMillis = true): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", {
      timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23",
    }).formatToParts(at).map((p) => [p.type, p.value]),
  );
  const base = `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
  return withMillis ? `${base}.${String(at.getUTCMilliseconds()).padStart(3, "0")}` : base;
}

function zoneOffsetMs(atMs: number, timeZone: string): number {
  const local = gbDateTime(new Date(atMs), timeZone, false);
  return Date.parse(`${local}Z`) - Math.floor(atMs / 1000) * 1000;
}

/** Parses a GB local date-time in `timeZone` (or an ISO time with a zone); null when invalid. */
export function parseGbDateTime(text: string, timeZone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})?$/.exec(text.trim());
  if (!m) return null;
  if (m[8]) {
    const ms = Date.parse(text.trim().replace(" ", "T"));
    return Number.isNaN(ms) ? null : new Date(ms);
  }
  const asUtcMs = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, m[7] ? Math.round(Number(m[7]) * 1000) : 0);
  if (Number.isNaN(asUtcMs)) return null;
  // Two passes settle the offset across a DST change (none in Asia/Shanghai, but zones vary).
  let guess = asUtcMs - zoneOffsetMs(asUtcMs, timeZone);
  guess = asUtcMs - zoneOffsetMs(guess, timeZone);
  return new Date(guess);
}
