"use client";

import { useMemo, useState } from "react";
import type { CampusEvent } from "../../../server/contracts/event";
import { formatTime } from "../../lib/format";
import { useStore } from "../../lib/store";
import { useCommand } from "../command/command-context";
import styles from "./panels.module.css";

// The live event feed (newest first), filterable by family; a click selects the event's device.

type Filter = "all" | "alarms" | "access" | "devices";
const FILTERS: readonly Filter[] = ["all", "alarms", "access", "devices"];
const MAX_ROWS = 120;

function matches(e: CampusEvent, f: Filter): boolean {
  if (f === "all") return true;
  if (f === "alarms") return e.severity >= 2 || /^(alarm|fence|fire|electric)\./.test(e.kind);
  if (f === "access") return /^(access|lpr|face|patrol)\./.test(e.kind);
  return /^(device|fault|panel)\./.test(e.kind);
}

export function EventFeed() {
  const { live, command, campus, devicesById, lt } = useCommand();
  const events = useStore(live, (s) => s.events);
  const [filter, setFilter] = useState<Filter>("all");
  const rows = useMemo(() => events.filter((e) => matches(e, filter)).slice(0, MAX_ROWS), [events, filter]);
  const label: Record<Filter, string> = { all: lt.feedAll, alarms: lt.feedAlarms, access: lt.feedAccess, devices: lt.feedDevices };
  return (
    <section className={styles.panel} aria-label={lt.feed} data-testid="event-feed">
      <header className={styles.panelHead}>
        <h2>{lt.feed}</h2>
        <div className={styles.chips} role="group">
          {FILTERS.map((f) => (
            <button key={f} type="button" aria-pressed={filter === f} onClick={() => setFilter(f)} data-testid={`feed-filter-${f}`}>{label[f]}</button>
          ))}
        </div>
      </header>
      <ol className={styles.feed}>
        {rows.length === 0 && <li className={styles.empty}>{lt.feedEmpty}</li>}
        {rows.map((e) => (
          <li key={e.seq} data-kind={e.kind} data-severity={e.severity} data-device-id={e.deviceId ?? ""}>
            <button type="button" onClick={() => e.deviceId && command.setState({ selection: { type: "device", id: e.deviceId } })}>
              <time>{formatTime(e.occurredAt, campus.timeZone)}</time>
              <b className={styles.sev} data-sev={e.severity} />
              <span className={styles.kind}>{e.kind}</span>
              <span className={styles.where}>{(e.deviceId && devicesById.get(e.deviceId)?.name) ?? e.subject?.plate ?? ""}</span>
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
