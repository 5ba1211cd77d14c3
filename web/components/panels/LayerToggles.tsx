"use client";

import { LAYERS, toggleLayer } from "../../lib/command-store";
import { DENSITY_STOPS } from "../../lib/density-grid";
import { useStore } from "../../lib/store";
import { useCommand } from "../command/command-context";
import styles from "./panels.module.css";

/** Layer switches, and the heatmap legend in people/m² when the heatmap is on. */
export function LayerToggles() {
  const { command, lt } = useCommand();
  const layers = useStore(command, (s) => s.layers);
  return (
    <section className={`${styles.panel} ${styles.layers}`} aria-label={lt.layersTitle} data-testid="layers">
      <h2>{lt.layersTitle}</h2>
      <ul>
        {LAYERS.map((l) => (
          <li key={l}>
            <label>
              <input type="checkbox" checked={layers[l]} onChange={() => toggleLayer(command, l)} data-testid={`layer-${l}`} />
              {lt.layers[l]}
            </label>
          </li>
        ))}
      </ul>
      {layers.heatmap && <DensityLegend />}
    </section>
  );
}

export function DensityLegend() {
  const { lt } = useCommand();
  const gradient = DENSITY_STOPS.map((s, i) => `rgb(${s.rgb.join(",")}) ${(i / (DENSITY_STOPS.length - 1)) * 100}%`).join(", ");
  return (
    <div className={styles.densityLegend} data-testid="density-legend">
      <span>{lt.density} ({lt.densityUnit})</span>
      <i style={{ background: `linear-gradient(90deg, ${gradient})` }} />
      <div>{DENSITY_STOPS.map((s) => <em key={s.perM2}>{s.perM2}</em>)}</div>
    </div>
  );
}
