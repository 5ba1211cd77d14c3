"use client";

import { useMemo } from "react";
import { flyToIncident } from "../../lib/incident-focus";
import { openIncidents } from "../../lib/live-store";
import { formatTime } from "../../lib/format";
import { useStore } from "../../lib/store";
import { useCommand } from "../command/command-context";
import styles from "./panels.module.css";

/** Open incidents, most severe first; a click flies to the incident and opens its cameras. */
export function IncidentList() {
  const ctx = useCommand();
  const { live, lt, campus } = ctx;
  const incidents = useStore(live, (s) => s.incidents);
  const open = useMemo(() => openIncidents({ incidents }), [incidents]);
  return (
    <section className={styles.panel} aria-label={lt.incidents} data-testid="incident-list">
      <header className={styles.panelHead}><h2>{lt.incidents}</h2><span className={styles.count}>{open.length}</span></header>
      <ul className={styles.incidents}>
        {open.length === 0 && <li className={styles.empty}>{lt.noIncidents}</li>}
        {open.map((i) => (
          <li key={i.id} data-incident-id={i.id} data-state={i.state} data-sev={i.severity}>
            <button type="button" onClick={() => flyToIncident(ctx, i)}>
              <b className={styles.sev} data-sev={i.severity} />
              <span className={styles.title}>{i.title}</span>
              <span className={styles.state} data-state={i.state}>{lt.incidentState[i.state]}</span>
              <time>{formatTime(i.openedAt, campus.timeZone)}</time>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
