"use client";

import { useEffect, useState } from "react";
import type { CampusModel } from "../../../server/contracts/campus";
import { checkpointStatus, type MapOverlays } from "./map-overlays";
import type { MapMessages } from "./map-messages";
import { CHECKPOINT_COLOURS, FENCE_COLOURS, GUARD_COLOUR, INCIDENT_COLOURS, ROUTE_COLOUR } from "./map-style";
import styles from "./map.module.css";

// The map's legend (over the map) and the patrol progress list (side panel): every checkpoint
// with its last check-in today and the guard who made it, overdue ones first.

const CLOCK_TICK_MS = 60_000;

function Swatch({ colour, shape }: { colour: string; shape: "dot" | "line" | "heat" }) {
  const style = shape === "heat" ? { background: "linear-gradient(90deg, #2b83ba, #ffffbf, #d7191c)" } : { background: colour };
  return <i className={`${styles.swatch} ${shape === "line" ? styles.swatchLine : shape === "heat" ? styles.swatchHeat : ""}`} style={style} aria-hidden />;
}

export function MapLegend({ m }: { m: MapMessages }) {
  const l = m.legend;
  const rows: [string, string, "dot" | "line" | "heat"][] = [
    [l.fence, `linear-gradient(90deg, ${FENCE_COLOURS.normal} 33%, ${FENCE_COLOURS.alarm} 33% 66%, ${FENCE_COLOURS.fault} 66%)`, "line"],
    [l.route, ROUTE_COLOUR, "line"],
    [l.checkpointOk, CHECKPOINT_COLOURS.ok, "dot"],
    [l.checkpointDue, CHECKPOINT_COLOURS.due, "dot"],
    [l.checkpointNone, CHECKPOINT_COLOURS.unchecked, "dot"],
    [l.guard, GUARD_COLOUR, "dot"],
    [l.incident, `linear-gradient(90deg, ${INCIDENT_COLOURS.join(", ")})`, "dot"],
    [l.heat, "", "heat"],
  ];
  return (
    <section className={styles.legend} aria-label={l.title} data-testid="map-legend">
      <h3>{l.title}</h3>
      <ul>{rows.map(([label, colour, shape]) => <li key={label}><Swatch colour={colour} shape={shape} />{label}</li>)}</ul>
    </section>
  );
}

export function PatrolList({ m, campus, overlays }: { m: MapMessages; campus: CampusModel; overlays: MapOverlays }) {
  const [nowMs, setNowMs] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNowMs(Date.now()), CLOCK_TICK_MS);
    return () => clearInterval(id);
  }, []);
  const time = new Intl.DateTimeFormat("zh-CN", { timeZone: campus.timeZone, hour: "2-digit", minute: "2-digit", hour12: false });
  const rank = { due: 0, unchecked: 1, ok: 2 } as const;
  const rows = campus.devices.filter((d) => d.kind === "patrol_checkpoint")
    .map((d) => ({ d, last: overlays.checkpoints.get(d.id), status: checkpointStatus(overlays.checkpoints.get(d.id), nowMs) }))
    .sort((a, b) => rank[a.status] - rank[b.status] || a.d.name.localeCompare(b.d.name, "zh-CN"));
  return (
    <section className={styles.patrol} aria-label={m.patrol} data-testid="patrol-list"
      data-guards={overlays.guards.size} data-incidents={overlays.incidents.size} data-density-zones={overlays.density.size}>
      <h2>{m.patrol} <em>{m.guardsOnDuty} {overlays.guards.size} · {m.openIncidents} {overlays.incidents.size} · {m.densityZones} {overlays.density.size}</em></h2>
      {overlays.checkpoints.size === 0 && <p className={styles.empty}>{m.patrolEmpty}</p>}
      <ul>
        {rows.map(({ d, last, status }) => (
          <li key={d.id} data-device-id={d.id} data-status={status}>
            <Swatch colour={CHECKPOINT_COLOURS[status]} shape="dot" />
            <span>{d.name}</span>
            <span className={styles.num}>{last ? `${time.format(new Date(last.occurredAt))} · ${last.guardId}` : m.popup.notChecked}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
