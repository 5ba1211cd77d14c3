"use client";

import dynamic from "next/dynamic";
import { useCallback, useEffect, useMemo, useState } from "react";
import type { CampusStatus } from "../../../server/api/queries/city";
import type { CampusModel } from "../../../server/contracts/campus";
import { messagesFor, type Locale } from "../../lib/i18n";
import { trpc } from "../../lib/trpc";
import { useCampusList } from "../../lib/use-campus";
import headerStyles from "../command/command.module.css";
import type { FenceStates } from "./campus-entities";
import type { GlobeCampus, GlobeReadyStats } from "./CityGlobe";
import { cityMessagesFor, type CityMessages } from "./city-messages";
import { byUrgency, LEVEL_COLOURS, statusLevel } from "./city-status";
import styles from "./city.module.css";

// /city: every campus of the deployment that the user may see (campus.list is scope-filtered)
// on a globe, with live status polled from city.status; selecting one flies there, draws it and
// offers its 3D twin and its 2D map.

const CityGlobe = dynamic(() => import("./CityGlobe"), { ssr: false });

const STATUS_POLL_MS = 15_000;

function useCityStatus(): Map<string, CampusStatus> | null {
  const [statuses, setStatuses] = useState<Map<string, CampusStatus> | null>(null);
  useEffect(() => {
    let live = true;
    const load = () => trpc().city.status.query()
      .then((rows) => live && setStatuses(new Map(rows.map((r) => [r.campusId, r]))))
      .catch(() => undefined); // keep the last known status; the next poll retries
    void load();
    const timer = setInterval(load, STATUS_POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, []);
  return statuses;
}

function useCampusDetail(campusId: string | null): { campus: CampusModel; fence: FenceStates } | null {
  const [detail, setDetail] = useState<{ campus: CampusModel; fence: FenceStates } | null>(null);
  useEffect(() => {
    if (!campusId) return;
    let live = true;
    void Promise.all([
      trpc().campus.get.query({ id: campusId }),
      trpc().city.mapState.query({ campusId }).catch(() => null),
    ]).then(([campus, state]) => {
      const fence = Object.fromEntries(Object.entries(state?.fence ?? {}).map(([id, f]) => [id, f.state]));
      if (live) setDetail({ campus, fence });
    }).catch(() => undefined);
    return () => { live = false; };
  }, [campusId]);
  return detail && detail.campus.id === campusId ? detail : null;
}

export function CityView({ initialCampusId, locale }: { initialCampusId: string | null; locale: Locale }) {
  const t = messagesFor(locale);
  const c = cityMessagesFor(locale);
  const { list } = useCampusList();
  const statuses = useCityStatus();
  const [selectedId, setSelectedId] = useState<string | null>(initialCampusId);
  const detail = useCampusDetail(selectedId);
  const [globe, setGlobe] = useState<GlobeReadyStats | null>(null);
  const onReady = useCallback((s: GlobeReadyStats) => setGlobe(s), []);

  const campuses: GlobeCampus[] = useMemo(() => {
    const rows = list.state === "ready" ? list.value : [];
    return rows.map((summary) => {
      const status = statuses?.get(summary.id);
      return { summary, status, level: statusLevel(status) };
    }).sort(byUrgency);
  }, [list, statuses]);
  const selected = campuses.find((x) => x.summary.id === selectedId) ?? null;
  const ready = globe !== null && statuses !== null && list.state === "ready";

  useEffect(() => {
    const url = new URL(window.location.href);
    if ((url.searchParams.get("campus") ?? null) === selectedId) return;
    if (selectedId) url.searchParams.set("campus", selectedId);
    else url.searchParams.delete("campus");
    window.history.replaceState(null, "", url);
  }, [selectedId]);

  const totals = campuses.reduce((s, x) => ({
    incidents: s.incidents + (x.status?.openIncidentsTotal ?? 0), down: s.down + (x.status?.devicesDown ?? 0), alarms: s.alarms + (x.status?.alarmsToday ?? 0),
  }), { incidents: 0, down: 0, alarms: 0 });

  return (
    <div className={headerStyles.shell}>
      <header className={headerStyles.header}>
        <div className={headerStyles.brand}>
          <span className={headerStyles.logo} aria-hidden>◆</span>
          <span>CampusTwin</span>
          <span className={headerStyles.divider} aria-hidden>/</span>
          <span className={headerStyles.view}>{c.view}</span>
        </div>
        <h1 className={headerStyles.campusName}>{selected?.summary.name ?? t.appName}</h1>
        <div className={headerStyles.headerRight}>
          {selectedId && <button type="button" className={styles.linkButton} onClick={() => setSelectedId(null)} data-testid="back-to-city">{c.back}</button>}
        </div>
      </header>
      <main className={styles.stage} data-testid="city-stage" data-city-ready={ready ? "true" : "false"} data-ready-ms={globe?.readyMs}>
        <CityGlobe t={c} campuses={campuses} selectedId={selectedId} detail={detail} onSelect={setSelectedId} onReady={onReady} />
        <aside className={styles.panel}>
          <div className={styles.totals}>
            <div><b data-testid="campus-count">{campuses.length}</b><span>{c.campuses}</span></div>
            <div><b>{totals.incidents}</b><span>{c.openIncidents}</span></div>
            <div><b>{totals.down}</b><span>{c.devicesDown}</span></div>
            <div><b>{totals.alarms}</b><span>{c.alarmsToday}</span></div>
          </div>
          {selected && <SelectedCampus c={c} campus={selected} detail={detail?.campus ?? null} />}
          <ul className={styles.campusList}>
            {campuses.map((x) => (
              <li key={x.summary.id}>
                <button type="button" data-testid="campus-row" data-campus-id={x.summary.id} data-level={x.level}
                  className={x.summary.id === selectedId ? styles.rowSelected : undefined} onClick={() => setSelectedId(x.summary.id)}>
                  <i style={{ background: LEVEL_COLOURS[x.level] }} />
                  <span>{x.summary.name}</span>
                  <em data-testid="status-badge">{c.level[x.level]}</em>
                </button>
              </li>
            ))}
          </ul>
          <p className={styles.imagery}>{c.offlineImagery}</p>
        </aside>
        {!ready && <div className={styles.status} aria-busy="true">{c.loadingGlobe}</div>}
        {detail?.campus.source === "osm" && <div className={styles.attribution} data-testid="attribution">{detail.campus.attribution ?? t.osmAttribution}</div>}
      </main>
    </div>
  );
}

function SelectedCampus({ c, campus, detail }: { c: CityMessages; campus: GlobeCampus; detail: CampusModel | null }) {
  const s = campus.status;
  return (
    <section className={styles.selected} data-testid="selected-campus" data-campus-id={campus.summary.id}>
      <h2><i style={{ background: LEVEL_COLOURS[campus.level] }} />{campus.summary.name}</h2>
      <dl>
        <dt>{c.openIncidents}</dt><dd data-testid="selected-incidents">{s?.openIncidentsTotal ?? "–"}{s && s.openIncidents.critical + s.openIncidents.high > 0 ? ` (${c.critical} ${s.openIncidents.critical + s.openIncidents.high})` : ""}</dd>
        <dt>{c.devicesDown}</dt><dd>{s ? `${s.devicesDown} / ${s.devicesTotal}` : "–"}</dd>
        <dt>{c.alarmsToday}</dt><dd>{s?.alarmsToday ?? "–"}</dd>
        <dt>{c.buildings}</dt><dd>{detail?.buildings.length ?? "…"}</dd>
      </dl>
      <div className={styles.actions}>
        <a href={`/command?campus=${encodeURIComponent(campus.summary.id)}`} data-testid="open-twin">{c.openTwin}</a>
        <a href={`/map?campus=${encodeURIComponent(campus.summary.id)}`}>{c.openMap}</a>
      </div>
    </section>
  );
}
