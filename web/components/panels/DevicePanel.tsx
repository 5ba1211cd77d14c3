"use client";

import { useEffect, useMemo, useState } from "react";
import { ZCampusEvent, type CampusEvent } from "../../../server/contracts/event";
import { errorText } from "../../lib/api-errors";
import { openVirtualView } from "../../lib/command-store";
import { formatTime } from "../../lib/format";
import { useStore } from "../../lib/store";
import { trpc } from "../../lib/trpc";
import { isCamera } from "../scene/camera-pose";
import { useCommand } from "../command/command-context";
import styles from "./panels.module.css";

// "One device one file": the selected device's identity, model, location, live status,
// status history, recent events (from the event log) and its open fault ticket.

const STATUS_KINDS = /^(device\.|panel\.(armed|disarmed)|fault\.)/;

export function DevicePanel({ deviceId }: { deviceId: string }) {
  const { campus, devicesById, live, command, lt, t } = useCommand();
  const device = devicesById.get(deviceId);
  const status = useStore(live, (s) => s.deviceStatus.get(deviceId));
  const door = useStore(live, (s) => s.doors.get(deviceId));
  const fence = useStore(live, (s) => s.fences.get(deviceId));
  const faults = useStore(live, (s) => s.faults);
  const liveEvents = useStore(live, (s) => s.events);
  const [logged, setLogged] = useState<{ id: string; events: CampusEvent[] } | { id: string; error: string } | null>(null);

  useEffect(() => {
    let current = true;
    trpc().events.list.query({ campusId: campus.id, deviceId, limit: 40 })
      .then((page) => current && setLogged({ id: deviceId, events: page.items.map((e) => ZCampusEvent.parse(e)) }))
      .catch((err: unknown) => current && setLogged({ id: deviceId, error: errorText(err) }));
    return () => { current = false; };
  }, [campus.id, deviceId]);

  const events = useMemo(() => {
    const fromLog = logged && logged.id === deviceId && "events" in logged ? logged.events : [];
    const bySeq = new Map<number, CampusEvent>();
    for (const e of [...liveEvents.filter((e) => e.deviceId === deviceId), ...fromLog]) bySeq.set(e.seq, e);
    return [...bySeq.values()].sort((a, b) => b.seq - a.seq);
  }, [liveEvents, logged, deviceId]);
  if (!device) return null;
  const ticket = [...faults.values()].find((f) => f.deviceId === deviceId && f.state === "open");
  const building = campus.buildings.find((b) => b.id === device.buildingId);
  const history = events.filter((e) => STATUS_KINDS.test(e.kind)).slice(0, 8);
  const shownStatus = status ?? device.status;

  return (
    <section className={`${styles.panel} ${styles.detail}`} aria-label={lt.device} data-testid="device-panel" data-device-id={device.id}>
      <header className={styles.panelHead}>
        <h2>{device.name}</h2>
        <button type="button" className={styles.close} onClick={() => command.setState({ selection: null })} aria-label={lt.close}>×</button>
      </header>
      <dl className={styles.facts}>
        <dt>{lt.deviceId}</dt><dd><code>{device.id}</code> · {device.externalId}</dd>
        <dt>{t.devices}</dt><dd>{t.device[device.kind]} · {device.protocol}</dd>
        <dt>{lt.model}</dt><dd>{[device.manufacturer, device.model].filter(Boolean).join(" ") || "—"}</dd>
        <dt>{lt.location}</dt><dd>{building ? `${building.name} · ${lt.floor} ${device.floor + 1}` : `E ${device.position[0].toFixed(1)} m, N ${device.position[1].toFixed(1)} m`}</dd>
        <dt>{lt.status}</dt>
        <dd data-testid="device-status">
          <span className={styles.state} data-state={shownStatus}>{lt[shownStatus === "armed" || shownStatus === "disarmed" ? "online" : shownStatus] ?? shownStatus}</span>
          {door && <span className={styles.tag}>{lt.door[door]}</span>}
          {fence && <span className={styles.tag}>{lt.fence[fence]}</span>}
        </dd>
        {isCamera(device) && (
          <><dt>{lt.virtualView}</dt><dd>{device.optics.resolutionW}×{device.optics.resolutionH} · {device.optics.hfovDeg.toFixed(0)}° · {Math.round(device.optics.rangeM)} m
            <button type="button" className={styles.primary} onClick={() => openVirtualView(command, device.id)} data-testid="open-virtual-view">{lt.openView}</button></dd></>
        )}
      </dl>
      <h3>{lt.faultTicket}</h3>
      {ticket ? (
        <dl className={styles.facts} data-testid="fault-ticket">
          <dt>{ticket.cause}</dt><dd>{formatTime(ticket.openedAt, campus.timeZone, true)}</dd>
          <dt>{lt.faultDue.notify}</dt><dd>{ticket.notifiedAt ? "✓" : formatTime(ticket.notifyDueAt, campus.timeZone, true)}</dd>
          <dt>{lt.faultDue.onSite}</dt><dd>{ticket.visitAt ? "✓" : formatTime(ticket.onSiteDueAt, campus.timeZone, true)}</dd>
          <dt>{lt.faultDue.restore}</dt><dd>{formatTime(ticket.restoreDueAt, campus.timeZone, true)}</dd>
        </dl>
      ) : <p className={styles.empty}>{lt.noFault}</p>}
      <h3>{lt.statusHistory}</h3>
      <EventRows events={history} timeZone={campus.timeZone} />
      <h3>{lt.recentEvents}</h3>
      {logged && "error" in logged && <p className={styles.error}>{logged.error}</p>}
      <EventRows events={events.slice(0, 15)} timeZone={campus.timeZone} />
    </section>
  );
}

function EventRows({ events, timeZone }: { events: readonly CampusEvent[]; timeZone: string }) {
  if (events.length === 0) return <p className="empty">—</p>;
  return (
    <ol className={styles.history}>
      {events.map((e) => <li key={e.seq}><time>{formatTime(e.occurredAt, timeZone, true)}</time> <b className={styles.sev} data-sev={e.severity} /> {e.kind}</li>)}
    </ol>
  );
}
