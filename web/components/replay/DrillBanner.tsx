"use client";

import { useEffect, useState } from "react";
import type { Drill } from "../../../server/contracts/drill";
import { trpc } from "../../lib/trpc";
import styles from "./replay.module.css";

// The drill banner (R: drill events are never confused with real alarms). Mount it at the top of
// every screen (web/app/layout.tsx or each view's header) with the campus shown; it polls
// drills.active and shows nothing when no drill runs. `drillIds` lets /replay mark a drill that
// was running at the playhead.

const POLL_MS = 5000;

export function DrillBanner({ campusId, drillIds, label = "演练进行中 · DRILL" }: { campusId: string | null; drillIds?: readonly string[]; label?: string }) {
  const [active, setActive] = useState<Drill[]>([]);
  useEffect(() => {
    if (!campusId || drillIds) return;
    let live = true;
    const load = () => trpc().drills.active.query({ campusId }).then((d) => live && setActive(d as unknown as Drill[])).catch(() => live && setActive([]));
    void load();
    const t = setInterval(load, POLL_MS);
    return () => { live = false; clearInterval(t); };
  }, [campusId, drillIds]);
  const ids = drillIds ?? active.map((d) => d.id);
  if (ids.length === 0) return null;
  const titles = drillIds ? ids.join(", ") : active.map((d) => `${d.title} (${d.id})`).join(" · ");
  return (
    <div className={styles.drillBanner} role="status" data-testid="drill-banner">
      {label}：{titles} — 演练事件，非真实警情
    </div>
  );
}
