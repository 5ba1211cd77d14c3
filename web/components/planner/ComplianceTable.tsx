import type { ZoneResult } from "../../../server/contracts/coverage";
import type { Messages } from "../../lib/i18n";
import styles from "./planner.module.css";

// Per-zone verdicts: the class the zone needs, the share of its ground that reaches it, pass/fail
// and the requirement (R-id) the rule implements.

export function ComplianceTable({ t, zones }: { t: Messages; zones: readonly ZoneResult[] }) {
  const p = t.planner;
  return (
    <table className={styles.table} data-testid="compliance-table">
      <thead>
        <tr><th>{p.zone}</th><th>{p.required}</th><th className={styles.num}>{p.share}</th><th>{p.result}</th><th>{p.rule}</th></tr>
      </thead>
      <tbody>
        {zones.map((z) => (
          <tr key={z.zoneId} data-testid="zone-row" data-zone-id={z.zoneId} data-pass={z.pass ? "true" : "false"}>
            <td className={styles.zoneName} title={z.zoneName}>{z.zoneName}</td>
            <td>{p.doriShort[z.requiredClass]}</td>
            <td className={styles.num} data-testid="zone-share">{(z.share * 100).toFixed(1)}%</td>
            <td><span className={z.pass ? styles.pass : styles.fail}>{z.pass ? p.pass : p.fail}</span></td>
            <td className={styles.rule}>{z.citation}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
