"use client";

import { useMemo } from "react";
import type { DeviceStatus } from "../../../server/contracts/campus";
import { useStore } from "../../lib/store";
import { useCommand } from "../command/command-context";
import styles from "./panels.module.css";

// Device health: online, offline, fault and alarm counts with the online rate, from the
// campus registry overlaid with live status.

export interface HealthCounts { total: number; online: number; offline: number; fault: number; alarm: number }

export function healthCounts(devices: readonly { id: string; status: DeviceStatus }[], live: ReadonlyMap<string, DeviceStatus>, alarms: ReadonlyMap<string, number>): HealthCounts {
  const c = { total: devices.length, online: 0, offline: 0, fault: 0, alarm: 0 };
  for (const d of devices) {
    const s = live.get(d.id) ?? d.status;
    if (s === "offline") c.offline++;
    else if (s === "fault") c.fault++;
    else c.online++;
    if (s === "alarm" || alarms.has(d.id)) c.alarm++;
  }
  return c;
}

export function HealthSummary() {
  const { campus, live, lt } = useCommand();
  const status = useStore(live, (s) => s.deviceStatus);
  const alarms = useStore(live, (s) => s.alarmDevices);
  const c = useMemo(() => healthCounts(campus.devices, status, alarms), [campus.devices, status, alarms]);
  const rate = c.total ? (c.online / c.total) * 100 : 100;
  return (
    <section className={`${styles.panel} ${styles.health}`} aria-label={lt.health} data-testid="health">
      <div className={styles.rate}><b>{rate.toFixed(1)}%</b><span>{lt.onlineRate}</span></div>
      <ul>
        <li data-k="online"><b>{c.online}</b>{lt.online}</li>
        <li data-k="offline"><b>{c.offline}</b>{lt.offline}</li>
        <li data-k="fault"><b>{c.fault}</b>{lt.fault}</li>
        <li data-k="alarm"><b>{c.alarm}</b>{lt.alarm}</li>
      </ul>
    </section>
  );
}
