"use client";

import { useState } from "react";
import { ZIncident, type Incident } from "../../../server/contracts/incident";
import { errorText } from "../../lib/api-errors";
import { openVirtualView } from "../../lib/command-store";
import { formatTime } from "../../lib/format";
import { applyIncidents } from "../../lib/live-apply";
import { useStore } from "../../lib/store";
import { trpc } from "../../lib/trpc";
import { useCommand } from "../command/command-context";
import styles from "./panels.module.css";

// The selected incident: state, SOP checklist with deadlines, linked cameras, history, and the
// live API's commands (acknowledge, dispatch, on scene, resolve, false alarm, note, step done).
// The server's answer replaces the incident in the store at once; other browsers get it live.

type Action = "acknowledge" | "dispatch" | "onScene" | "resolve" | "falseAlarm";
const ACTIONS: readonly Action[] = ["acknowledge", "dispatch", "onScene", "resolve", "falseAlarm"];

/** Which commands make sense in which state (the server's state machine has the last word). */
const ALLOWED: Record<Incident["state"], readonly Action[]> = {
  open: ["acknowledge", "falseAlarm"],
  acknowledged: ["dispatch", "resolve", "falseAlarm"],
  dispatched: ["onScene", "resolve", "falseAlarm"],
  on_scene: ["resolve", "falseAlarm"],
  resolved: [],
  false_alarm: [],
};

export function IncidentPanel({ incidentId }: { incidentId: string }) {
  const { live, command, lt, campus, devicesById, client } = useCommand();
  const incident = useStore(live, (s) => s.incidents.get(incidentId));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState("");
  if (!incident) return null;

  const run = async (call: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      const updated = ZIncident.parse(await call());
      live.setState((s) => applyIncidents(s, [updated]));
      client?.refreshIncidents();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const act = (a: Action) => run(() => trpc().incidents[a].mutate({ incidentId }));
  const nowMs = Date.now();

  return (
    <section className={`${styles.panel} ${styles.detail}`} aria-label={lt.incident} data-testid="incident-panel" data-incident-id={incident.id} data-state={incident.state}>
      <header className={styles.panelHead}>
        <h2><b className={styles.sev} data-sev={incident.severity} />{incident.title}</h2>
        <button type="button" className={styles.close} onClick={() => command.setState({ selection: null, highlightCameras: new Set() })} aria-label={lt.close}>×</button>
      </header>
      <dl className={styles.facts}>
        <dt>{lt.status}</dt><dd><span className={styles.state} data-state={incident.state} data-testid="incident-state">{lt.incidentState[incident.state]}</span></dd>
        <dt>{lt.openedAt}</dt><dd>{formatTime(incident.openedAt, campus.timeZone, true)}</dd>
        <dt>{lt.location}</dt><dd>{incident.deviceIds.map((id) => devicesById.get(id)?.name ?? id).join("、") || "—"}</dd>
      </dl>
      <div className={styles.actions}>
        {ACTIONS.map((a) => (
          <button key={a} type="button" data-action={a} data-testid={`incident-${a}`} disabled={busy || !ALLOWED[incident.state].includes(a)}
            className={a === "falseAlarm" ? styles.secondary : styles.primary} onClick={() => void act(a)}>
            {lt[a]}
          </button>
        ))}
      </div>
      {error && <p className={styles.error} role="alert">{lt.actionFailed}: {error}</p>}
      <h3>{lt.sop}</h3>
      <ol className={styles.sop} data-testid="sop">
        {incident.steps.map((step) => {
          const overdue = !step.doneAt && step.deadlineAt && +new Date(step.deadlineAt) < nowMs;
          return (
            <li key={step.id} data-done={step.doneAt ? "true" : "false"} data-overdue={overdue ? "true" : "false"}>
              <button type="button" disabled={busy || !!step.doneAt || ALLOWED[incident.state].length === 0}
                onClick={() => void run(() => trpc().incidents.completeStep.mutate({ incidentId, stepId: step.id }))} aria-label={lt.done}>
                {step.doneAt ? "✓" : ""}
              </button>
              <span>{step.title}</span>
              <em>{step.doneAt ? formatTime(step.doneAt, campus.timeZone) : step.deadlineAt ? `${overdue ? lt.overdue : lt.deadline} ${formatTime(step.deadlineAt, campus.timeZone)}` : ""}</em>
            </li>
          );
        })}
      </ol>
      <h3>{lt.linkedCameras}</h3>
      <ul className={styles.cameraList}>
        {[...incident.cameras].sort((a, b) => a.rank - b.rank).map((c) => (
          <li key={c.deviceId}>
            <button type="button" onClick={() => openVirtualView(command, c.deviceId)} data-testid="linked-camera">
              <b>#{c.rank}</b> {c.name} <em>{Math.round(c.distanceM)} m · {Math.round(c.pxPerM)} px/m</em>
            </button>
          </li>
        ))}
      </ul>
      <form className={styles.noteForm} onSubmit={(e) => {
        e.preventDefault();
        if (!note.trim()) return;
        void run(() => trpc().incidents.addNote.mutate({ incidentId, text: note.trim() })).then(() => setNote(""));
      }}>
        <input value={note} onChange={(e) => setNote(e.target.value)} placeholder={lt.notePlaceholder} maxLength={2000} />
        <button type="submit" disabled={busy || !note.trim()}>{lt.addNote}</button>
      </form>
      <h3>{lt.history}</h3>
      <ol className={styles.history}>
        {[...incident.history.map((h) => ({ at: h.at, text: `${lt.incidentState[h.to]} · ${h.actor}${h.note ? ` · ${h.note}` : ""}` })),
          ...incident.notes.map((n) => ({ at: n.at, text: `${lt.note} · ${n.actor} · ${n.text}` }))]
          .sort((a, b) => +new Date(b.at) - +new Date(a.at))
          .map((h, i) => <li key={i}><time>{formatTime(h.at, campus.timeZone)}</time> {h.text}</li>)}
      </ol>
    </section>
  );
}
