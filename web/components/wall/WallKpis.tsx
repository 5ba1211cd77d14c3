"use client";

import { useEffect, useMemo, useState } from "react";
import type { CampusKpis } from "../../../server/contracts/api";
import { openIncidents } from "../../lib/live-store";
import { useStore } from "../../lib/store";
import { trpc } from "../../lib/trpc";
import { useCommand } from "../command/command-context";
import styles from "./wall.module.css";

// The wall's KPI strip: devices online %, open incidents, alarms today, people and
// vehicles in/out today (metrics.kpis), peak density now and where, patrol completion today.
// Re-read every 10 s and whenever the live seq moves; figures keep their last value while the
// server is away (the wall never blanks).

const KPI_REFRESH_MS = 10_000;

export function WallKpis() {
  const { campus, live, lt } = useCommand();
  const lastSeq = useStore(live, (s) => s.lastSeq);
  const densities = useStore(live, (s) => s.densities);
  const incidents = useStore(live, (s) => s.incidents);
  const events = useStore(live, (s) => s.events);
  const [kpis, setKpis] = useState<CampusKpis | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const t = setInterval(() => setTick((n) => n + 1), KPI_REFRESH_MS);
    return () => clearInterval(t);
  }, []);
  useEffect(() => {
    let current = true;
    trpc().metrics.kpis.query({ campusId: campus.id })
      .then((k) => current && setKpis({ ...k, at: new Date(k.at) }))
      .catch(() => undefined);
    return () => { current = false; };
  }, [campus.id, tick, lastSeq]);

  const peak = useMemo(() => {
    let best: { zone: string; perM2: number } | null = null;
    for (const [zoneId, d] of densities) {
      if (!best || d.perM2 > best.perM2) best = { zone: campus.zones.find((z) => z.id === zoneId)?.name ?? zoneId, perM2: d.perM2 };
    }
    return best;
  }, [densities, campus.zones]);
  const patrol = useMemo(() => {
    const points = campus.devices.filter((d) => d.kind === "patrol_checkpoint").length;
    const dayStart = new Date(new Date().toLocaleString("en-US", { timeZone: campus.timeZone })).setHours(0, 0, 0, 0);
    const visited = new Set(events.filter((e) => e.kind === "patrol.checkin" && +new Date(e.occurredAt) >= dayStart - 86_400_000).map((e) => e.deviceId));
    return points ? Math.round((visited.size / points) * 100) : null;
  }, [campus, events]);
  // Open incidents from the live incident list the wall shows (the KPI query can lag a frame).
  const open = openIncidents({ incidents }).length;
  const onlinePct = kpis && kpis.devices.total ? (kpis.devices.online / kpis.devices.total) * 100 : null;

  return (
    <section className={styles.kpis} data-testid="wall-kpis">
      <Kpi label={lt.wall.devicesOnline} value={onlinePct === null ? "—" : `${onlinePct.toFixed(1)}%`} tone={onlinePct !== null && onlinePct < 95 ? "warn" : "ok"} sub={kpis ? `${kpis.devices.online}/${kpis.devices.total}` : ""} />
      <Kpi label={lt.wall.openIncidents} value={String(open)} tone={open > 0 ? "alarm" : "ok"} testId="kpi-open-incidents" />
      <Kpi label={lt.wall.alarmsToday} value={kpis ? String(kpis.alarmsToday) : "—"} />
      <Kpi label={lt.wall.peopleInOut} value={kpis ? String(kpis.entriesToday) : "—"} />
      <Kpi label={lt.wall.vehiclesInOut} value={kpis ? String(kpis.vehiclesToday) : "—"} />
      <Kpi label={lt.wall.peakDensity} value={peak ? `${peak.perM2.toFixed(2)}` : "—"} sub={peak ? `${lt.densityUnit} · ${peak.zone}` : lt.wall.noDensity} tone={peak && peak.perM2 > 2 ? "warn" : undefined} />
      <Kpi label={lt.wall.patrol} value={patrol === null ? "—" : `${patrol}%`} />
    </section>
  );
}

function Kpi({ label, value, sub, tone, testId }: { label: string; value: string; sub?: string; tone?: "ok" | "warn" | "alarm"; testId?: string }) {
  return (
    <div className={styles.kpi} data-tone={tone ?? "none"} data-testid={testId}>
      <span>{label}</span>
      <b>{value}</b>
      {sub ? <em>{sub}</em> : null}
    </div>
  );
}
