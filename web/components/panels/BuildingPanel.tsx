"use client";

import { useMemo } from "react";
import { useStore } from "../../lib/store";
import { useCommand } from "../command/command-context";
import styles from "./panels.module.css";

// Indoor drill-down: the opened building's floors (click one to light it in the scene) and the
// devices on the chosen floor, each opening its device file.

export function BuildingPanel({ buildingId }: { buildingId: string }) {
  const { campus, command, live, lt, t } = useCommand();
  const floor = useStore(command, (s) => s.openFloor);
  const statuses = useStore(live, (s) => s.deviceStatus);
  const building = campus.buildings.find((b) => b.id === buildingId);
  const devices = useMemo(() => campus.devices.filter((d) => d.buildingId === buildingId), [campus.devices, buildingId]);
  if (!building) return null;
  const shown = devices.filter((d) => floor === null || d.floor === floor);
  const close = () => command.setState({ openBuildingId: null, openFloor: null, selection: null });
  return (
    <section className={`${styles.panel} ${styles.detail}`} aria-label={building.name} data-testid="building-panel" data-building-id={building.id}>
      <header className={styles.panelHead}>
        <h2>{building.name} <small>{t.building[building.kind]}</small></h2>
        <button type="button" className={styles.close} onClick={close} aria-label={lt.closeBuilding}>×</button>
      </header>
      <div className={styles.chips} role="group" aria-label={lt.floors} data-testid="floors">
        <button type="button" aria-pressed={floor === null} onClick={() => command.setState({ openFloor: null })}>{lt.allFloors}</button>
        {Array.from({ length: building.floors }, (_, f) => (
          <button key={f} type="button" aria-pressed={floor === f} onClick={() => command.setState({ openFloor: f })}>
            {f + 1}F <em>{devices.filter((d) => d.floor === f).length}</em>
          </button>
        ))}
      </div>
      <h3>{lt.devicesOnFloor} ({shown.length})</h3>
      <ul className={styles.deviceList}>
        {shown.map((d) => (
          <li key={d.id} data-state={statuses.get(d.id) ?? d.status}>
            <button type="button" onClick={() => command.setState({ selection: { type: "device", id: d.id } })}>
              <span>{d.name}</span><em>{t.device[d.kind]} · {d.floor + 1}F</em>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
