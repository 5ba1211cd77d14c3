"use client";

import dynamic from "next/dynamic";
import { useCallback, useEffect, useMemo, useState } from "react";
import type { CampusModel, CampusSummary } from "../../../server/contracts/campus";
import { messagesFor, type Locale } from "../../lib/i18n";
import { trpc } from "../../lib/trpc";
import { useCampusList, useCampusModel } from "../../lib/use-campus";
import { CampusClock } from "../command/CampusClock";
import headerStyles from "../command/command.module.css";
import { DutyLog } from "./DutyLog";
import { createMapLive, useMapLive, type MapLive } from "./map-live";
import { overlaysFromState } from "./map-overlays";
import { MapLegend, PatrolList } from "./MapOverlayPanels";
import type { MapReadyStats } from "./MapCanvas";
import { mapMessagesFor, type MapMessages } from "./map-messages";
import styles from "./map.module.css";

// /map: the 2D electronic map of one campus for duty guards. The campus model becomes an offline
// maplibre style; the fence state and today's duty log are read once (city.mapState) and then
// kept live by web/lib/live.ts (Socket.IO frames, resumed from the seq the state was read at).

const MapCanvas = dynamic(() => import("./MapCanvas"), { ssr: false });

function useLiveCampus(campus: CampusModel | null): MapLive | null {
  const [live, setLive] = useState<{ campusId: string; live: MapLive } | null>(null);
  useEffect(() => {
    if (!campus) return;
    let closed = false;
    let created: MapLive | null = null;
    void trpc().city.mapState.query({ campusId: campus.id }).then((state) => {
      if (closed) return;
      const alarms = new Map<string, number>();
      for (const [id, f] of Object.entries(state.fence)) if (f.state === "alarm") alarms.set(id, Date.now());
      created = createMapLive({
        campusId: campus.id,
        afterSeq: state.lastSeq,
        initial: {
          fences: new Map(Object.entries(state.fence).map(([id, f]) => [id, f.state])),
          down: new Map(campus.devices.filter((d) => d.status === "offline" || d.status === "fault").map((d) => [d.id, true])),
          alarms,
          log: state.dutyLog,
          overlays: overlaysFromState(state),
        },
      });
      setLive({ campusId: campus.id, live: created });
    }).catch(() => undefined);
    return () => {
      closed = true;
      created?.close();
    };
  }, [campus]);
  return live && campus && live.campusId === campus.id ? live.live : null;
}

export function MapView({ initialCampusId, locale }: { initialCampusId: string | null; locale: Locale }) {
  const t = messagesFor(locale);
  const m = mapMessagesFor(locale);
  const { list } = useCampusList();
  const [chosenId, setChosenId] = useState<string | null>(initialCampusId);
  const campuses = list.state === "ready" ? list.value : [];
  const selectedId = campuses.some((c) => c.id === chosenId) ? chosenId : (campuses[0]?.id ?? null);
  const model = useCampusModel(selectedId);
  const campus = model?.state === "ready" ? model.value : null;
  const store = useLiveCampus(campus);
  const [stats, setStats] = useState<{ campusId: string; value: MapReadyStats } | null>(null);
  const onReady = useCallback((value: MapReadyStats) => campus && setStats({ campusId: campus.id, value }), [campus]);
  const ready = campus !== null && store !== null && stats?.campusId === campus.id;

  useEffect(() => {
    if (!selectedId) return;
    const url = new URL(window.location.href);
    if (url.searchParams.get("campus") === selectedId) return;
    url.searchParams.set("campus", selectedId);
    window.history.replaceState(null, "", url);
  }, [selectedId]);

  return (
    <div className={`${headerStyles.shell} ${styles.printable}`}>
      <MapHeader t={t} m={m} campuses={campuses} selected={campus ?? campuses.find((c) => c.id === selectedId) ?? null} onSelect={setChosenId} />
      <main
        className={styles.stage}
        data-testid="map-stage"
        data-map-ready={ready ? "true" : "false"}
        data-campus-id={campus?.id ?? ""}
        data-ready-ms={ready ? stats.value.readyMs : undefined}
      >
        {campus && store && <MapCanvas key={campus.id} campus={campus} store={store} words={m.popup} onReady={onReady} />}
        {campus && store && <MapLegend m={m} />}
        {campus && store && <SidePanel m={m} campus={campus} live={store} />}
        {campus?.source === "osm" && <div className={styles.attribution} data-testid="attribution">{campus.attribution ?? t.osmAttribution}</div>}
        {!ready && list.state !== "error" && model?.state !== "error" && <div className={styles.status} aria-busy="true">{t.loading}</div>}
        {(list.state === "error" || model?.state === "error") && <div className={styles.status} role="alert">{t.loadFailed}</div>}
        {list.state === "ready" && campuses.length === 0 && <div className={styles.status}>{t.noCampus}</div>}
      </main>
    </div>
  );
}

function MapHeader({ t, m, campuses, selected, onSelect }: {
  t: ReturnType<typeof messagesFor>;
  m: MapMessages;
  campuses: readonly CampusSummary[];
  selected: CampusSummary | null;
  onSelect: (id: string) => void;
}) {
  return (
    <header className={`${headerStyles.header} ${styles.noPrint}`}>
      <div className={headerStyles.brand}>
        <span className={headerStyles.logo} aria-hidden>◆</span>
        <span>CampusTwin</span>
        <span className={headerStyles.divider} aria-hidden>/</span>
        <span className={headerStyles.view}>{m.view}</span>
      </div>
      <h1 className={headerStyles.campusName} data-testid="campus-name">{selected?.name ?? ""}</h1>
      {campuses.length > 1 && (
        <label className={headerStyles.selector}>
          <span>{t.campus}</span>
          <select value={selected?.id ?? ""} onChange={(e) => onSelect(e.target.value)} data-testid="campus-select">
            {campuses.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        </label>
      )}
      <div className={headerStyles.headerRight}>
        <button type="button" className={styles.printButton} onClick={() => window.print()} data-testid="print">{m.print}</button>
        {selected && <CampusClock timeZone={selected.timeZone} />}
      </div>
    </header>
  );
}

function SidePanel({ m, campus, live }: { m: MapMessages; campus: CampusModel; live: MapLive }) {
  const rows = useMapLive(live, (s) => s.log);
  const fences = useMapLive(live, (s) => s.fences);
  const down = useMapLive(live, (s) => s.down);
  const connection = useMapLive(live, (s) => s.connection);
  const overlays = useMapLive(live, (s) => s.overlays);
  const devices = useMemo(() => new Map(campus.devices.map((d) => [d.id, d])), [campus.devices]);
  const fenceTotal = campus.devices.filter((d) => d.kind === "fence_segment").length;
  const count = (state: string) => [...fences.entries()].filter(([id, s]) => s === state && devices.has(id)).length;
  const downCount = [...down.entries()].filter(([id, isDown]) => isDown && devices.has(id)).length;
  return (
    <aside className={styles.panel}>
      <div className={styles.printTitle}>
        <h1>{campus.name} · {m.dutyLog}</h1>
        <p>{m.printedAt}: {new Intl.DateTimeFormat("zh-CN", { timeZone: campus.timeZone, dateStyle: "long", timeStyle: "medium" }).format(new Date())}</p>
      </div>
      <div className={styles.summary}>
        <div><b>{fenceTotal}</b><span>{m.fenceZones}</span></div>
        <div className={count("alarm") ? styles.alarmTile : undefined}><b data-testid="fence-alarm-count">{count("alarm")}</b><span>{m.inAlarm}</span></div>
        <div><b>{count("fault")}</b><span>{m.inFault}</span></div>
        <div><b>{downCount}</b><span>{m.devicesDown}</span></div>
      </div>
      <div className={`${styles.connection} ${styles.noPrint}`} data-state={connection} data-testid="live-state">● {m.live[connection]}</div>
      <PatrolList m={m} campus={campus} overlays={overlays} />
      <DutyLog t={m} rows={rows} devices={devices} timeZone={campus.timeZone} />
    </aside>
  );
}
