"use client";

import { useMemo, useState } from "react";
import { ZCampusEvent, type CampusEvent } from "../../../server/contracts/event";
import { devicePoint } from "../../lib/beacons";
import { flyTo } from "../../lib/command-store";
import { formatTime } from "../../lib/format";
import { trpc } from "../../lib/trpc";
import { useCommand } from "../command/command-context";
import styles from "./panels.module.css";

// One search box for a plate, a person, a device id or a building. Devices and buildings match
// locally (id, external id, name); plates and person refs are looked up in the event log's
// subject index (events.list { subject }) on Enter, and each sighting flies the view there.

const MAX_LOCAL = 8;

export function SearchBox() {
  const { campus, command, lt, t } = useCommand();
  const [q, setQ] = useState("");
  const [sightings, setSightings] = useState<CampusEvent[] | null>(null);
  const needle = q.trim().toLowerCase();
  const local = useMemo(() => {
    if (needle.length < 2) return { devices: [], buildings: [] };
    return {
      devices: campus.devices.filter((d) => d.id.toLowerCase().includes(needle) || d.externalId.toLowerCase().includes(needle) || d.name.toLowerCase().includes(needle)).slice(0, MAX_LOCAL),
      buildings: campus.buildings.filter((b) => b.name.toLowerCase().includes(needle) || b.id.toLowerCase().includes(needle)).slice(0, MAX_LOCAL),
    };
  }, [campus, needle]);
  const close = () => { setQ(""); setSightings(null); };
  const lookup = () => {
    if (needle.length < 2) return;
    trpc().events.list.query({ campusId: campus.id, subject: q.trim(), limit: 20 })
      .then((page) => setSightings(page.items.map((e) => ZCampusEvent.parse(e))))
      .catch(() => setSightings([]));
  };
  const open = needle.length >= 2;
  const nothing = local.devices.length === 0 && local.buildings.length === 0 && sightings?.length === 0;
  return (
    <div className={styles.search} data-testid="search">
      <input type="search" value={q} placeholder={lt.search} aria-label={lt.search}
        onChange={(e) => { setQ(e.target.value); setSightings(null); }}
        onKeyDown={(e) => { if (e.key === "Enter") lookup(); if (e.key === "Escape") close(); }} />
      {open && (
        <ul className={styles.results} data-testid="search-results">
          {local.buildings.map((b) => (
            <li key={b.id}><button type="button" onClick={() => {
              const [e, n] = b.footprint[0]!;
              command.setState({ openBuildingId: b.id, openFloor: null, selection: { type: "building", id: b.id } });
              flyTo(command, e, n, Math.max(120, b.heightM * 4));
              close();
            }}><b>{b.name}</b><em>{t.building[b.kind]}</em></button></li>
          ))}
          {local.devices.map((d) => (
            <li key={d.id}><button type="button" data-testid="search-device" onClick={() => {
              const [e, n] = devicePoint(d);
              command.setState({ selection: { type: "device", id: d.id } });
              flyTo(command, e, n, 90);
              close();
            }}><b>{d.name}</b><em>{t.device[d.kind]} · {d.id}</em></button></li>
          ))}
          {sightings === null && <li className={styles.hintRow}>↵ {lt.searchPlate}</li>}
          {sightings?.map((e) => (
            <li key={e.seq}><button type="button" disabled={!e.location} onClick={() => {
              if (e.location) flyTo(command, e.location.xM, e.location.yM, 90);
              if (e.deviceId) command.setState({ selection: { type: "device", id: e.deviceId } });
              close();
            }}><b>{e.subject?.plate ?? e.subject?.ref ?? e.kind}</b><em>{formatTime(e.occurredAt, campus.timeZone, true)} · {e.kind}</em></button></li>
          ))}
          {nothing && <li className={styles.hintRow}>{lt.searchNone}</li>}
        </ul>
      )}
    </div>
  );
}
