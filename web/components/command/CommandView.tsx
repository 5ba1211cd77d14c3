"use client";

import dynamic from "next/dynamic";
import { useCallback, useEffect, useMemo, useState } from "react";
import type { SceneStats } from "../scene/CampusScene";
import { redirectToLogin } from "../../lib/api-errors";
import { messagesFor, type Locale } from "../../lib/i18n";
import { liveMessagesFor } from "../../lib/i18n-live";
import { createCommandStore, openVirtualView } from "../../lib/command-store";
import { isCamera } from "../scene/camera-pose";
import { useStore } from "../../lib/store";
import { useCampusList, useCampusModel } from "../../lib/use-campus";
import { CommandHeader } from "./CommandHeader";
import { CommandPanels } from "./CommandPanels";
import { CommandContextProvider, type CommandContextValue } from "./command-context";
import { SceneLegend } from "./SceneLegend";
import { SceneProbe } from "./SceneProbe";
import { useLiveCampus } from "./use-live-campus";
import styles from "./command.module.css";

// /command: the live digital twin. It picks a campus (URL ?campus=<id>, else the first), loads its
// model over tRPC, draws it in 3D with the live layers, and surrounds it with the panels
// (incidents, device files, event feed, health, layers, search, virtual camera views).

// WebGL exists only in the browser: the scene is never rendered on the server.
const CampusScene = dynamic(() => import("../scene/CampusScene"), { ssr: false });
const NO_COMMAND = createCommandStore();

export function CommandView({ initialCampusId, locale }: { initialCampusId: string | null; locale: Locale }) {
  const t = messagesFor(locale);
  const lt = liveMessagesFor(locale);
  const { list, reload } = useCampusList();
  const [chosenId, setChosenId] = useState<string | null>(initialCampusId);
  const campuses = list.state === "ready" ? list.value : [];
  const selectedId = campuses.some((c) => c.id === chosenId) ? chosenId : (campuses[0]?.id ?? null);
  const model = useCampusModel(selectedId);
  const [stats, setStats] = useState<{ campusId: string; value: SceneStats } | null>(null);

  useEffect(() => {
    if (list.state === "error" && list.unauthorized) redirectToLogin();
  }, [list]);

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
  const liveParts = useLiveCampus(campus);
  const ctx = useMemo<CommandContextValue | null>(() => campus && liveParts
    ? { campus, devicesById: liveParts.devicesById, live: liveParts.live, command: liveParts.command, agents: liveParts.agents, client: liveParts.client, locale, t, lt }
    : null, [campus, liveParts, locale, t, lt]);

  const sceneProps = useMemo(() => liveParts && {
    live: liveParts.live, command: liveParts.command, agents: liveParts.agents, densityGrid: liveParts.densityGrid,
    onPickDevice: (id: string) => {
      liveParts.command.setState({ selection: { type: "device", id } });
      // A click on a camera also opens its virtual view (what the camera sees).
      const d = liveParts.devicesById.get(id);
      if (d && isCamera(d)) openVirtualView(liveParts.command, id);
    },
  }, [liveParts]);
  const openBuildingId = useStore(liveParts?.command ?? NO_COMMAND, (s) => s.openBuildingId);
  const onPickBuilding = useCallback((id: string) => liveParts?.command.setState({ openBuildingId: id, openFloor: null, selection: { type: "building", id } }), [liveParts]);

  const body = (
    <div className={styles.shell}>
      <CommandHeader t={t} campuses={campuses} selected={campus ?? campuses.find((c) => c.id === selectedId) ?? null} onSelect={setChosenId} locale={locale} live={ctx !== null} />
      <div className={styles.workspace}>
        <main
          className={styles.stage}
          data-testid="scene"
          data-scene-ready={ready ? "true" : "false"}
          data-campus-id={campus?.id ?? ""}
          data-draw-calls={ready ? stats.value.drawCalls : undefined}
          data-triangles={ready ? stats.value.triangles : undefined}
        >
          {campus && sceneProps && ctx && (
            <CampusScene key={campus.id} campus={campus} onReady={onReady} live={sceneProps} onPickBuilding={onPickBuilding} fadedBuildings={openBuildingId !== null}>
              <SceneProbe />
            </CampusScene>
          )}
          {campus && <SceneLegend t={t} campus={campus} />}
          <StatusOverlay t={t} listState={list} modelState={model} isEmpty={list.state === "ready" && campuses.length === 0} onRetry={reload} />
          {campus && <div className={styles.hint}>{t.dragHint}</div>}
          {ctx && <CommandPanels placement="stage" />}
        </main>
        {ctx && <CommandPanels placement="sidebar" />}
      </div>
    </div>
  );
  return ctx ? <CommandContextProvider value={ctx}>{body}</CommandContextProvider> : body;
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
