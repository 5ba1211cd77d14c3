"use client";

import dynamic from "next/dynamic";
import { useCallback, useMemo, useState } from "react";
import type { CampusModel } from "../../../server/contracts/campus";
import type { CameraChange, CoveragePlan } from "../../../server/contracts/coverage";
import { camerasOf } from "../../../server/coverage/scene";
import type { SceneStats } from "../scene/CampusScene";
import { messagesFor, type Locale, type Messages } from "../../lib/i18n";
import { useCampusList, useCampusModel } from "../../lib/use-campus";
import { CameraEditor } from "./CameraEditor";
import { ComplianceTable } from "./ComplianceTable";
import { CoverageLegend } from "./CoverageLegend";
import { CoverageOverlay, type CameraMark } from "./CoverageOverlay";
import { PlanPanel } from "./PlanPanel";
import { SuggestPanel } from "./SuggestPanel";
import { usePlanner } from "./use-planner";
import styles from "./planner.module.css";

// /planner (issue 7): the coverage of the live registry plus a plan's what-if edits, computed
// in a Web Worker and drawn on the 3D twin, with the per-zone compliance beside it.

const CampusScene = dynamic(() => import("../scene/CampusScene"), { ssr: false });

export function PlannerView({ initialCampusId, locale }: { initialCampusId: string | null; locale: Locale }) {
  const t = messagesFor(locale);
  const { list } = useCampusList();
  const campuses = list.state === "ready" ? list.value : [];
  const campusId = campuses.some((c) => c.id === initialCampusId) ? initialCampusId : (campuses[0]?.id ?? null);
  const model = useCampusModel(campusId);
  const campus = model?.state === "ready" ? model.value : null;
  const switchTo = locale === "en" ? "zh-CN" : "en";
  return (
    <div className={styles.shell}>
      <header className={styles.header}>
        <div className={styles.brand}><span className={styles.logo} aria-hidden>◆</span><span>CampusTwin</span><span className={styles.dim}>/</span><span className={styles.dim}>{t.planner.title}</span></div>
        <h1 className={styles.campusName} data-testid="campus-name">{campus?.name ?? ""}</h1>
        <span className={styles.dim}>{t.planner.subtitle}</span>
        <a className={styles.lang} href={`/planner?${new URLSearchParams({ ...(campusId ? { campus: campusId } : {}), lang: switchTo })}`}>{t.planner.language}</a>
      </header>
      {campus ? <PlannerBody key={campus.id} t={t} locale={locale} campus={campus} />
        : <div className={styles.status} aria-busy="true">{list.state === "error" ? `${t.loadFailed}: ${list.message}` : model?.state === "error" ? `${t.loadFailed}: ${model.message}` : t.loading}</div>}
    </div>
  );
}

function PlannerBody({ t, locale, campus }: { t: Messages; locale: Locale; campus: CampusModel }) {
  const live = useMemo(() => camerasOf(campus), [campus]);
  const planner = usePlanner(campus, live, []);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [sceneReady, setSceneReady] = useState(false);
  const onReady = useCallback((_: SceneStats) => setSceneReady(true), []);
  const selected = planner.cameras.find((c) => c.id === selectedId) ?? null;
  const marks = useMemo(() => {
    const m = new Map<string, CameraMark>();
    for (const c of planner.changes) if (c.op !== "remove") m.set(c.camera.id, c.op === "add" ? "added" : "updated");
    return m;
  }, [planner.changes]);
  const { edit } = planner;
  const onEdit = useCallback((c: CameraChange) => {
    edit(c);
    if (c.op === "remove") setSelectedId(null);
    if (c.op === "add") setSelectedId(c.camera.id);
  }, [edit]);
  const onDrag = useCallback((e: number, n: number) => {
    if (selected) edit({ op: "update", camera: { ...selected, position: [e, n, selected.position[2]] } });
  }, [selected, edit]);
  const addCamera = (): void => {
    const b = planner.state?.grid;
    const [e, n] = b ? [b.originE + (b.width * b.cellSizeM) / 2, b.originN + (b.height * b.cellSizeM) / 2] : [0, 0];
    const id = `plan-cam-${Date.now().toString(36)}`;
    onEdit({ op: "add", camera: { id, name: id, model: "IPC-4MP-F40", position: [e, n, 6],
      optics: { yawDeg: 0, pitchDeg: -20, rollDeg: 0, hfovDeg: 84, vfovDeg: 52.6, resolutionW: 2560, resolutionH: 1440, rangeM: 28.4 } } });
  };
  const onLoad = (plan: CoveragePlan | null): void => { setSelectedId(null); planner.reset(plan?.changes ?? []); };
  const zones = planner.state?.zones ?? [];
  const passing = zones.filter((z) => z.pass).length;
  const ready = sceneReady && planner.state !== null;

  return (
    <div className={styles.body}>
      <main className={styles.stage} data-testid="planner-scene" data-scene-ready={ready ? "true" : "false"}
        data-edit-count={planner.editCount} data-compute-ms={planner.state?.computeMs.toFixed(1)}>
        <CampusScene campus={campus} onReady={onReady}>
          {planner.state && <CoverageOverlay state={planner.state} cameras={planner.cameras} marks={marks} selectedId={selectedId}
            onSelect={setSelectedId} onDrag={onDrag} />}
        </CampusScene>
        <CoverageLegend t={t} />
        {!planner.state && <div className={styles.status} aria-busy="true">{planner.error ?? t.planner.computing}</div>}
      </main>
      <aside className={styles.panel}>
        <section>
          <h2>{t.planner.compliance} <span className={styles.badge} data-testid="pass-count">{passing}/{zones.length}</span>
            {planner.state && <span className={styles.dim}> · {planner.state.computeMs.toFixed(0)} ms</span>}</h2>
          <ComplianceTable t={t} zones={zones} />
        </section>
        <section>
          <h2>{t.planner.camera} <button type="button" className={styles.ghost} onClick={addCamera} data-testid="add-camera">＋ {t.planner.add}</button></h2>
          <CameraEditor t={t} camera={selected} onEdit={onEdit} />
          <select className={styles.cameraSelect} value={selectedId ?? ""} onChange={(e) => setSelectedId(e.target.value || null)} data-testid="camera-select">
            <option value="">—</option>
            {planner.cameras.map((c) => <option key={c.id} value={c.id}>{c.name || c.id}</option>)}
          </select>
        </section>
        <section><h2>{t.planner.suggest}</h2><SuggestPanel t={t} suggest={planner.suggest} onAccept={onEdit} /></section>
        <section><h2>{t.planner.draft}</h2><PlanPanel t={t} locale={locale} campusId={campus.id} changes={planner.changes} onLoad={onLoad} /></section>
      </aside>
    </div>
  );
}
