"use client";

import { useEffect, useState } from "react";
import styles from "./command.module.css";

// Wall-clock time in the campus time zone (STYLE: UTC in storage, campus zone in display).
// Rendered only after mount so server and client markup agree.

export function CampusClock({ timeZone }: { timeZone: string }) {
  const [nowMs, setNowMs] = useState<number | null>(null);
  useEffect(() => {
    setNowMs(Date.now());
    const timer = setInterval(() => setNowMs(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (nowMs === null) return null;
  const text = new Intl.DateTimeFormat("zh-CN", {
    timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false,
  }).format(nowMs);
  return <time className={styles.clock} dateTime={new Date(nowMs).toISOString()}>{text}</time>;
}
