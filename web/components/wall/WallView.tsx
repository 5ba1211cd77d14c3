"use client";

import dynamic from "next/dynamic";
import { type CSSProperties, type ReactNode, useCallback, useEffect, useMemo, useState } from "react";
import { redirectToLogin } from "../../lib/api-errors";
import { messagesFor, type Locale } from "../../lib/i18n";
import { liveMessagesFor } from "../../lib/i18n-live";
import { useStore } from "../../lib/store";
import { useCampusList, useCampusModel } from "../../lib/use-campus";
import type { WallConfig, WallLayout } from "../../lib/wall-layout";
import { CampusClock } from "../command/CampusClock";
import { CommandContextProvider, type CommandContextValue, useCommand } from "../command/command-context";
import { useLiveCampus } from "../command/use-live-campus";
import { AlarmTakeover } from "./AlarmTakeover";
import { WallCameras, WallIncidents } from "./WallIncidents";
import { WallKpis } from "./WallKpis";
import styles from "./wall.module.css";

// /wall: one screen for the whole campus. No interaction: the layout comes from the URL,
// the live client reconnects and resumes from the last seq by itself, and while the server is
// away the wall keeps its last picture with a quiet "reconnecting" badge.

const CampusScene = dynamic(() => import("../scene/CampusScene"), { ssr: false });
const SEQUENCE: readonly ("overview" | "cameras" | "incidents")[] = ["overview", "cameras", "incidents"];

export function WallView({ config, initialCampusId, locale }: { config: WallConfig; initialCampusId: string | null; locale: Locale }) {
  const t = messagesFor(locale);
  const lt = liveMessagesFor(locale);
  const { list } = useCampusList();
  const campuses = list.state === "ready" ? list.value : [];
  const selectedId = campuses.find((c) => c.id === initialCampusId)?.id ?? campuses[0]?.id ?? null;
  const model = useCampusModel(selectedId);
  const campus = model?.state === "ready" ? model.value : null;
  const parts = useLiveCampus(campus);
  const [ready, setReady] = useState(false);
  const onReady = useCallback(() => setReady(true), []);
  useEffect(() => {
    if (list.state === "error" && list.unauthorized) redirectToLogin();
  }, [list]);
  const ctx = useMemo<CommandContextValue | null>(() => campus && parts
    ? { campus, devicesById: parts.devicesById, live: parts.live, command: parts.command, agents: parts.agents, client: parts.client, locale, t, lt }
    : null, [campus, parts, locale, t, lt]);
  const style = { "--u": `${config.scale}` } as CSSProperties;

  if (!ctx || !parts) {
    return <div className={styles.wall} style={style} data-testid="wall" data-ready="false"><p className={styles.waiting}>{t.loading}</p></div>;
  }
  const scene = (
    <CampusScene campus={ctx.campus} onReady={onReady} live={{
      live: parts.live, command: parts.command, agents: parts.agents, densityGrid: parts.densityGrid, onPickDevice: () => undefined,
    }} />
  );
  return (
    <CommandContextProvider value={ctx}>
      <div className={styles.wall} style={style} data-testid="wall" data-layout={config.layout} data-ready={ready ? "true" : "false"}>
        <header className={styles.top}>
          <span className={styles.brand}>◆ CampusTwin</span>
          <h1>{ctx.campus.name} · {lt.wall.title}</h1>
          <WallConnection />
          <CampusClock timeZone={ctx.campus.timeZone} />
        </header>
        <WallKpis />
        <WallBody layout={config.layout} config={config} scene={scene} />
        <AlarmTakeover tileWidthPx={Math.round(config.widthPx * (config.widthPx / config.heightPx > 2.5 ? 0.12 : 0.2))} />
      </div>
    </CommandContextProvider>
  );
}

function WallBody({ layout, config, scene }: { layout: WallLayout; config: WallConfig; scene: ReactNode }) {
  const [step, setStep] = useState(0);
  useEffect(() => {
    if (layout !== "sequence") return;
    const timer = setInterval(() => setStep((s) => (s + 1) % SEQUENCE.length), config.sequenceS * 1000);
    return () => clearInterval(timer);
  }, [layout, config.sequenceS]);
  const wide = config.widthPx / config.heightPx > 2.5;
  // Camera tiles fit the tile layout's camera column: two per row (16:9), three on ultra-wide walls.
  const tile = Math.round(config.widthPx * (wide ? 0.1 : 0.125));
  if (layout === "split") {
    return (
      <main className={`${styles.body} ${styles.split}`}>
        <section className={styles.sceneRegion} data-testid="wall-overview">{scene}</section>
        <div className={styles.column}><WallIncidents /><WallCameras count={wide ? 6 : 4} tileWidthPx={Math.round(config.widthPx * (wide ? 0.14 : 0.22))} /></div>
      </main>
    );
  }
  if (layout === "pip") {
    return (
      <main className={`${styles.body} ${styles.pip}`}>
        <section className={styles.sceneRegion} data-testid="wall-overview">{scene}</section>
        <div className={styles.pipCorner}><WallCameras count={2} tileWidthPx={Math.round(config.widthPx * 0.18)} /></div>
        <div className={styles.pipSide}><WallIncidents max={5} /></div>
      </main>
    );
  }
  if (layout === "sequence") {
    const view = SEQUENCE[step]!;
    return (
      <main className={`${styles.body} ${styles.sequence}`} data-view={view}>
        <section className={styles.sceneRegion} data-testid="wall-overview" hidden={view !== "overview"}>{scene}</section>
        {view === "cameras" && <WallCameras count={wide ? 8 : 6} tileWidthPx={Math.round(config.widthPx * (wide ? 0.22 : 0.3))} />}
        {view === "incidents" && <WallIncidents max={12} />}
      </main>
    );
  }
  return (
    <main className={`${styles.body} ${styles.tile}`} data-wide={wide ? "true" : "false"}>
      <section className={styles.sceneRegion} data-testid="wall-overview">{scene}</section>
      <WallIncidents />
      <WallCameras count={wide ? 6 : 4} tileWidthPx={tile} />
    </main>
  );
}

function WallConnection() {
  const { live, lt } = useCommand();
  const connection = useStore(live, (s) => s.connection);
  if (connection === "live") return <span className={styles.live} data-testid="wall-connection" data-state="live">● {lt.connection.live}</span>;
  return <span className={styles.reconnecting} data-testid="wall-connection" data-state={connection}>{lt.wall.reconnecting}</span>;
}

