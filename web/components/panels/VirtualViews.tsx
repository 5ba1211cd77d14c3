"use client";

import { useEffect, useMemo, useState } from "react";
import { closeVirtualView } from "../../lib/command-store";
import { formatTime } from "../../lib/format";
import { useStore } from "../../lib/store";
import { cameraMountY, isCamera } from "../scene/camera-pose";
import { beaconReader } from "../../lib/beacons";
import { Agents } from "../scene/Agents";
import { Beacons } from "../scene/Beacons";
import { FenceSegments } from "../scene/FenceSegments";
import { VirtualCameraView } from "../scene/VirtualCameraView";
import { useCommand } from "../command/command-context";
import styles from "./panels.module.css";

// Picture-in-picture virtual views of the chosen cameras (a click on a camera, an incident's
// linked cameras): the twin seen through each camera's pose, lens and resolution, with the
// moving people and vehicles, a name plate and the campus time like a video overlay.

export function VirtualViews({ widthPx = 360 }: { widthPx?: number }) {
  const { command, devicesById, campus, agents, live, lt } = useCommand();
  const beacons = useMemo(() => beaconReader(live.getState, devicesById), [live, devicesById]);
  const ids = useStore(command, (s) => s.virtualViews);
  const highlight = useStore(command, (s) => s.highlightCameras);
  const cameras = ids.map((id) => devicesById.get(id)).filter((d) => d !== undefined).filter(isCamera);
  if (cameras.length === 0) return null;
  return (
    <div className={styles.pips} data-testid="virtual-views">
      {cameras.map((d) => (
        <figure key={d.id} className={styles.pip} data-camera-id={d.id} data-linked={highlight.has(d.id) ? "true" : "false"}>
          <VirtualCameraView
            campus={campus}
            pose={{ eastM: d.position[0], northM: d.position[1], upM: cameraMountY(d) }}
            optics={d.optics}
            widthPx={widthPx}
            testId="virtual-view"
          >
            <Agents buffer={agents} owner={false} />
            <FenceSegments devices={campus.devices} live={live} />
            <Beacons beacons={beacons} />
          </VirtualCameraView>
          <figcaption>
            <span className={styles.rec} aria-hidden>●</span>
            <b>{d.name}</b>
            <em>{d.optics.resolutionW}×{d.optics.resolutionH} · {d.optics.hfovDeg.toFixed(0)}°</em>
            <PipClock timeZone={campus.timeZone} />
            <button type="button" onClick={() => closeVirtualView(command, d.id)} aria-label={lt.close}>×</button>
          </figcaption>
        </figure>
      ))}
    </div>
  );
}

function PipClock({ timeZone }: { timeZone: string }) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  return <time>{now === null ? "" : formatTime(now, timeZone, true)}</time>;
}
