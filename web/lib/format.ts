// Display formatting: campus time zone (STYLE: UTC in storage, campus zone in display).

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, withDate: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${withDate}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat("zh-CN", {
      timeZone, hour12: false, hour: "2-digit", minute: "2-digit", second: "2-digit",
      ...(withDate ? { month: "2-digit", day: "2-digit" } : {}),
    });
    cache.set(key, f);
  }
  return f;
}

export function formatTime(at: Date | number | string, timeZone: string, withDate = false): string {
  return formatter(timeZone, withDate).format(new Date(at));
}

/** "3 min" style age, in the page's language. */
export function formatAge(ms: number, locale: string): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const zh = locale === "zh-CN";
  if (s < 60) return zh ? `${s} 秒` : `${s} s`;
  if (s < 3600) return zh ? `${Math.floor(s / 60)} 分钟` : `${Math.floor(s / 60)} min`;
  return zh ? `${Math.floor(s / 3600)} 小时` : `${Math.floor(s / 3600)} h`;
}
