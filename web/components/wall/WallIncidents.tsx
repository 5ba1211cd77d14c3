"use client";

import { useMemo } from "react";
import type { Incident } from "../../../server/contracts/incident";
import { formatTime } from "../../lib/format";
import { openIncidents } from "../../lib/live-store";
import { useStore } from "../../lib/store";
import { cameraMountY, isCamera } from "../scene/camera-pose";
import { Agents } from "../scene/Agents";
import { VirtualCameraView } from "../scene/VirtualCameraView";
import { useCommand } from "../command/command-context";
import styles from "./wall.module.css";

// Current incidents with their best linked camera views, for the wall.

export function useOpenIncidents(): Incident[] {
  const { live } = useCommand();
  const incidents = useStore(live, (s) => s.incidents);
  return useMemo(() => openIncidents({ incidents }), [incidents]);
}

export function WallIncidents({ max = 6 }: { max?: number }) {
  const { campus, lt } = useCommand();
  const open = useOpenIncidents();
  return (
    <section className={styles.region} data-testid="wall-incidents">
      <h2>{lt.incidents} <em>{open.length}</em></h2>
      <ul className={styles.incidentRows}>
        {open.length === 0 && <li className={styles.calm}>{lt.noIncidents}</li>}
        {open.slice(0, max).map((i) => {
          const done = i.steps.filter((s) => s.doneAt).length;
          return (
            <li key={i.id} data-sev={i.severity} data-incident-id={i.id}>
              <b className={styles.sevBar} data-sev={i.severity} />
              <span className={styles.incTitle}>{i.title}</span>
              <span className={styles.incState} data-state={i.state}>{lt.incidentState[i.state]}</span>
              <span className={styles.incMeta}>{formatTime(i.openedAt, campus.timeZone)} · {lt.wall.sopProgress} {done}/{i.steps.length}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** Camera tiles: the linked cameras of the open incidents (best first), else a default set. */
export function WallCameras({ count, tileWidthPx }: { count: number; tileWidthPx: number }) {
  const { campus, devicesById, agents, lt } = useCommand();
  const open = useOpenIncidents();
  const cameras = useMemo(() => {
    const ids = open.flatMap((i) => [...i.cameras].sort((a, b) => a.rank - b.rank).map((c) => c.deviceId));
    const linked = [...new Set(ids)].map((id) => devicesById.get(id)).filter((d) => d !== undefined).filter(isCamera);
    // Without incidents: outdoor cameras, gate (face, plate) cameras first — what a briefing shows.
    const outdoor = campus.devices.filter(isCamera).filter((d) => d.buildingId === null);
    const fallback = [...outdoor.filter((d) => d.kind === "face_camera" || d.kind === "lpr_camera"), ...outdoor.filter((d) => d.kind === "camera")];
    return [...linked, ...fallback.filter((d) => !linked.includes(d))].slice(0, count);
  }, [open, devicesById, campus.devices, count]);
  const linkedIds = new Set(open.flatMap((i) => i.cameras.map((c) => c.deviceId)));
  return (
    <section className={styles.region} data-testid="wall-cameras">
      <h2>{lt.wall.cameras}</h2>
      <div className={styles.cameraGrid}>
        {cameras.map((d) => (
          <figure key={d.id} className={styles.cameraTile} data-linked={linkedIds.has(d.id) ? "true" : "false"}>
            <VirtualCameraView campus={campus} pose={{ eastM: d.position[0], northM: d.position[1], upM: cameraMountY(d) }} optics={d.optics} widthPx={tileWidthPx} testId="wall-camera">
              <Agents buffer={agents} owner={false} />
            </VirtualCameraView>
            <figcaption><b>{d.name}</b></figcaption>
          </figure>
        ))}
      </div>
    </section>
  );
}
