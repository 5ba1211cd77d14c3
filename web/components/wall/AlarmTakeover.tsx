"use client";

import { useEffect, useMemo } from "react";
import { flyToIncident } from "../../lib/incident-focus";
import { formatTime } from "../../lib/format";
import { cameraMountY, isCamera } from "../scene/camera-pose";
import { VirtualCameraView } from "../scene/VirtualCameraView";
import { useCommand } from "../command/command-context";
import { useOpenIncidents } from "./WallIncidents";
import styles from "./wall.module.css";

// Alarm takeover (R-1.3 in-event tracking): when a severe incident (high or critical) is open and
// not yet acknowledged, the wall shows its location, its cameras and its SOP status over the
// layout — a red frame round the wall, the 3D overview flown to the spot and left visible, the
// incident's cameras and SOP in a panel on the right; once a commander acknowledges it (or
// closes it) the wall returns to the layout.

const TAKEOVER_MIN_SEVERITY = 3;

export function AlarmTakeover({ tileWidthPx }: { tileWidthPx: number }) {
  const ctx = useCommand();
  const { campus, devicesById, lt } = ctx;
  const open = useOpenIncidents();
  const incident = useMemo(() => open.find((i) => i.severity >= TAKEOVER_MIN_SEVERITY && i.state === "open") ?? null, [open]);
  useEffect(() => {
    if (incident) flyToIncident(ctx, incident);
    // Fly once per incident, not on every update of it (hence the id as the only dependency).
  }, [incident?.id]);
  if (!incident) return null;
  const cameras = [...incident.cameras].sort((a, b) => a.rank - b.rank).map((c) => devicesById.get(c.deviceId)).filter((d) => d !== undefined).filter(isCamera).slice(0, 4);
  const where = incident.deviceIds.map((id) => devicesById.get(id)?.name).filter(Boolean).join("、");
  return (
    <>
    <div className={styles.takeoverFrame} aria-hidden />
    <section className={styles.takeover} data-testid="alarm-takeover" data-incident-id={incident.id}>
      <header>
        <span className={styles.takeoverTag}>{lt.wall.takeover}</span>
        <h2>{incident.title}</h2>
        <span>{where}</span>
        <time>{formatTime(incident.openedAt, campus.timeZone, true)}</time>
      </header>
      <div className={styles.takeoverBody}>
        <div className={styles.takeoverCams}>
          {cameras.map((d) => (
            <figure key={d.id} className={styles.cameraTile} data-linked="true">
              <VirtualCameraView campus={campus} pose={{ eastM: d.position[0], northM: d.position[1], upM: cameraMountY(d) }} optics={d.optics} widthPx={tileWidthPx} />
              <figcaption><b>{d.name}</b></figcaption>
            </figure>
          ))}
        </div>
        <ol className={styles.takeoverSop}>
          <h3>{lt.sop} · {lt.incidentState[incident.state]}</h3>
          {incident.steps.map((s) => <li key={s.id} data-done={s.doneAt ? "true" : "false"}>{s.doneAt ? "✓" : "○"} {s.title}</li>)}
        </ol>
      </div>
    </section>
    </>
  );
}
