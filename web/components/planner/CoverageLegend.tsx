import type { Messages } from "../../lib/i18n";
import { BLIND_SPOT_COLOUR, DORI_COLOURS } from "./dori-colours";
import styles from "./planner.module.css";

export function CoverageLegend({ t }: { t: Messages }) {
  const p = t.planner;
  return (
    <div className={styles.legend}>
      <div className={styles.legendTitle}>{p.legendTitle}</div>
      {(["identify", "recognise", "observe", "detect"] as const).map((c) => (
        <div key={c} className={styles.legendRow}><span className={styles.swatch} style={{ background: DORI_COLOURS[c] }} />{p.dori[c]}</div>
      ))}
      <div className={styles.legendRow}><span className={styles.swatchLine} style={{ borderColor: BLIND_SPOT_COLOUR }} />{p.blindSpot}</div>
    </div>
  );
}
