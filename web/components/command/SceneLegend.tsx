"use client";

import { useMemo } from "react";
import { BUILDING_KINDS, DEVICE_KINDS, type CampusModel, type DeviceKind } from "../../../server/contracts/campus";
import type { Messages } from "../../lib/i18n";
import { buildingWallColour, DEVICE_COLOURS } from "../scene/palette";
import styles from "./command.module.css";

const CAMERA_KINDS: ReadonlySet<DeviceKind> = new Set(["camera", "lpr_camera", "face_camera", "density_camera"]);

/** Counts and colour key of what the scene draws, matching palette.ts. */
export function SceneLegend({ t, campus }: { t: Messages; campus: CampusModel }) {
  const counts = useMemo(() => {
    const byKind = new Map<DeviceKind, number>();
    for (const d of campus.devices) byKind.set(d.kind, (byKind.get(d.kind) ?? 0) + 1);
    return byKind;
  }, [campus.devices]);
  const cameras = [...CAMERA_KINDS].reduce((n, k) => n + (counts.get(k) ?? 0), 0);
  const buildingKinds = BUILDING_KINDS.filter((k) => campus.buildings.some((b) => b.kind === k));
  return (
    <aside className={styles.legend} aria-label={t.legend} data-testid="legend">
      <div className={styles.totals}>
        <span><b data-testid="count-buildings">{campus.buildings.length}</b> {t.buildings}</span>
        <span><b data-testid="count-cameras">{cameras}</b> {t.cameras}</span>
        <span><b data-testid="count-devices">{campus.devices.length}</b> {t.devices}</span>
      </div>
      <ul className={styles.legendList}>
        {DEVICE_KINDS.filter((k) => counts.has(k)).map((k) => (
          <li key={k}>
            <i style={{ background: DEVICE_COLOURS[k] }} />
            <span>{t.device[k]}</span>
            <em>{counts.get(k)}</em>
          </li>
        ))}
      </ul>
      <ul className={styles.buildingKeys}>
        {buildingKinds.map((k) => (
          <li key={k}><i style={{ background: buildingWallColour(k) }} />{t.building[k]}</li>
        ))}
      </ul>
    </aside>
  );
}
