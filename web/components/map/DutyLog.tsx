"use client";

import type { Device } from "../../../server/contracts/campus";
import type { MapMessages } from "./map-messages";
import styles from "./map.module.css";

// The duty log of the map (R-2.4, R-5 records): today's alarms and fence events, newest first.
// On screen a compact list; printed (window.print, @media print in map.module.css) a table with
// the campus, the date and who printed it, for the paper duty book guards sign.

export interface DutyLogRow {
  seq: number;
  occurredAt: string;
  kind: string;
  severity: number;
  deviceId: string | null;
}

export function DutyLog({ t, rows, devices, timeZone }: {
  t: MapMessages;
  rows: readonly DutyLogRow[];
  devices: ReadonlyMap<string, Device>;
  timeZone: string;
}) {
  const time = new Intl.DateTimeFormat("zh-CN", { timeZone, hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
  return (
    <section className={styles.dutyLog} aria-label={t.dutyLog} data-testid="duty-log">
      <h2>{t.dutyLogToday} <em>{rows.length}</em></h2>
      {rows.length === 0 ? <p className={styles.empty}>{t.empty}</p> : (
        <table>
          <thead>
            <tr><th>{t.time}</th><th>{t.event}</th><th>{t.device}</th><th>{t.severity}</th></tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.seq} data-kind={r.kind} data-device-id={r.deviceId ?? ""} className={r.severity >= 3 && !r.kind.endsWith("_restored") ? styles.hot : undefined}>
                <td className={styles.num}>{time.format(new Date(r.occurredAt))}</td>
                <td>{t.kind[r.kind] ?? r.kind}</td>
                <td>{(r.deviceId && devices.get(r.deviceId)?.name) ?? r.deviceId ?? "—"}</td>
                <td>{t.severityName[r.severity] ?? r.severity}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
