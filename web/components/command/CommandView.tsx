"use client";

import dynamic from "next/dynamic";
import { useCallback, useEffect, useState } from "react";
import type { SceneStats } from "../scene/CampusScene";
import { messagesFor, type Locale } from "../../lib/i18n";
import { useCampusList, useCampusModel } from "../../lib/use-campus";
import { CommandHeader } from "./CommandHeader";
import { SceneLegend } from "./SceneLegend";
import styles from "./command.module.css";

// /command: the seed of the live digital twin (issue 6 adds live layers and panels). It picks a
// campus (URL ?campus=<id>, else the first), loads its model over tRPC and draws it in 3D.

// WebGL exists only in the browser: the scene is never rendered on the server.
const CampusScene = dynamic(() => import("../scene/CampusScene"), { ssr: false });

export function CommandView({ initialCampusId, locale }: { initialCampusId: string | null; locale: Locale }) {
  const t = messagesFor(locale);
  const { list, reload } = useCampusList();
  const [chosenId, setChosenId] = useState<string | null>(initialCampusId);
  const campuses = list.state === "ready" ? list.value : [];
  const selectedId = campuses.some((c) => c.id === chosenId) ? chosenId : (campuses[0]?.id ?? null);
  const model = useCampusModel(selectedId);
  const [stats, setStats] = useState<{ campusId: string; value: SceneStats } | null>(null);

  useEffect(() => {
    if (!selectedId) return;
    const url = new URL(window.location.href);
    if (url.searchParams.get("campus") === selectedId) return;
    url.searchParams.set("campus", selectedId);
    window.history.replaceState(null, "", url);
  }, [selectedId]);

  const campus = model?.state === "ready" ? model.value : null;
  const campusId = campus?.id ?? null;
  const onReady = useCallback((value: SceneStats) => campusId && setStats({ campusId, value }), [campusId]);
  const ready = campus !== null && stats?.campusId === campus.id;

  return (
    <div className={styles.shell}>
      <CommandHeader t={t} campuses={campuses} selected={campus ?? campuses.find((c) => c.id === selectedId) ?? null} onSelect={setChosenId} />
      <main
        className={styles.stage}
        data-testid="scene"
        data-scene-ready={ready ? "true" : "false"}
        data-campus-id={campus?.id ?? ""}
        data-draw-calls={ready ? stats.value.drawCalls : undefined}
        data-triangles={ready ? stats.value.triangles : undefined}
      >
        {campus && <CampusScene key={campus.id} campus={campus} onReady={onReady} />}
        {campus && <SceneLegend t={t} campus={campus} />}
        {campus?.source === "osm" && (
          <div className={styles.attribution} data-testid="attribution">{campus.attribution ?? t.osmAttribution}</div>
        )}
        <StatusOverlay t={t} listState={list} modelState={model} isEmpty={list.state === "ready" && campuses.length === 0} onRetry={reload} />
        {campus && <div className={styles.hint}>{t.dragHint}</div>}
      </main>
    </div>
  );
}

function StatusOverlay({ t, listState, modelState, isEmpty, onRetry }: {
  t: ReturnType<typeof messagesFor>;
  listState: ReturnType<typeof useCampusList>["list"];
  modelState: ReturnType<typeof useCampusModel>;
  isEmpty: boolean;
  onRetry: () => void;
}) {
  const error = listState.state === "error" ? listState.message : modelState?.state === "error" ? modelState.message : null;
  if (error) {
    return (
      <div className={styles.status} role="alert">
        <p>{t.loadFailed}: {error}</p>
        <button type="button" className={styles.button} onClick={onRetry}>{t.retry}</button>
      </div>
    );
  }
  if (isEmpty) return <div className={styles.status}>{t.noCampus}</div>;
  if (listState.state === "loading" || modelState?.state === "loading") {
    return <div className={styles.status} aria-busy="true">{t.loading}</div>;
  }
  return null;
}
