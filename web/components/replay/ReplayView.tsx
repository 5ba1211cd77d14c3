"use client";

import dynamic from "next/dynamic";
import { useCallback, useEffect, useMemo, useState } from "react";
import type { CampusModel } from "../../../server/contracts/campus";
import { REPLAY_SPEEDS, ZTimeline, type Timeline as TimelineData } from "../../../server/contracts/history";
import { ZTrajectory, type Trajectory } from "../../../server/contracts/trajectory";
import { AgentBuffer } from "../../lib/agents";
import { redirectToLogin } from "../../lib/api-errors";
import { createCommandStore } from "../../lib/command-store";
import { buildDensityGrid } from "../../lib/density-grid";
import { createLiveStore, openIncidents } from "../../lib/live-store";
import { boundsOf } from "../../lib/scene-coords";
import { useStore } from "../../lib/store";
import { trpc } from "../../lib/trpc";
import { useCampusList, useCampusModel } from "../../lib/use-campus";
import { DrillBanner } from "./DrillBanner";
import { createReplayPlayer, type ReplayPlayer } from "./replay-player";
import { FAMILY_COLOURS, Timeline } from "./Timeline";
import { TRAIL_COLOURS, Trails } from "./Trails";
import styles from "./replay.module.css";

// /replay: the whole campus as it was (issue 8). Pick a window, play it at 0.25×–3,600×, scrub
// or step; every layer of the twin shows its historical state at the playhead; several
// trajectories are drawn with trails. A replay link shares window, speed and selection.

const CampusScene = dynamic(() => import("../scene/CampusScene"), { ssr: false });
const REPLAY_PURPOSE = "回放复盘：轨迹回放";

export interface ReplayParams { campusId: string | null; fromMs: number; toMs: number; speed: number; subjects: string[]; linkId: string | null }

function useReplayParts(campus: CampusModel | null, p: ReplayParams) {
  return useMemo(() => {
    if (!campus) return null;
    const live = createLiveStore(campus.id);
    const agents = new AgentBuffer(8192);
    return {
      live, agents, command: createCommandStore(),
      densityGrid: buildDensityGrid(campus.zones, boundsOf(campus.boundary), 128, 128),
      player: createReplayPlayer({ campusId: campus.id, fromMs: p.fromMs, toMs: p.toMs, speed: p.speed, live, agents }),
    };
  }, [campus, p.fromMs, p.toMs, p.speed]);
}

export function ReplayView({ initial }: { initial: ReplayParams }) {
  const [params, setParams] = useState(initial);
  const { list } = useCampusList();
  useEffect(() => { if (list.state === "error" && list.unauthorized) redirectToLogin(); }, [list]);
  const campuses = list.state === "ready" ? list.value : [];
  const campusId = campuses.some((c) => c.id === params.campusId) ? params.campusId : (campuses[0]?.id ?? null);
  const model = useCampusModel(campusId);
  const campus = model?.state === "ready" ? model.value : null;
  const parts = useReplayParts(campus, params);
  const [timeline, setTimeline] = useState<TimelineData | null>(null);
  const [trajectories, setTrajectories] = useState<Trajectory[]>([]);
  const [ready, setReady] = useState(false);
  const [shared, setShared] = useState<string | null>(null);

  useEffect(() => {
    if (!initial.linkId) return;
    trpc().history.link.query({ id: initial.linkId }).then((l) => setParams({
      campusId: l.campusId, fromMs: new Date(l.from).getTime(), toMs: new Date(l.to).getTime(), speed: l.speed, subjects: l.subjects, linkId: l.id,
    })).catch(() => undefined);
  }, [initial.linkId]);

  useEffect(() => {
    if (!parts || !campus) return;
    void parts.player.seek(params.fromMs);
    trpc().history.timeline.query({ campusId: campus.id, from: new Date(params.fromMs), to: new Date(params.toMs) })
      .then((t) => setTimeline(ZTimeline.parse(t))).catch(() => setTimeline(null));
    Promise.all(params.subjects.map((subjectKey) => trpc().trajectory.get.query({ campusId: campus.id, subjectKey, from: new Date(params.fromMs), to: new Date(params.toMs), purpose: REPLAY_PURPOSE })))
      .then((ts) => setTrajectories(ts.map((t) => ZTrajectory.parse(t)))).catch(() => setTrajectories([]));
    return () => parts.player.dispose();
  }, [parts, campus, params]);

  const share = useCallback(async () => {
    if (!campus || !parts) return;
    const link = await trpc().history.share.mutate({ campusId: campus.id, from: new Date(params.fromMs), to: new Date(params.toMs), speed: parts.player.store.getState().speed, subjects: params.subjects, atMs: parts.player.store.getState().playheadMs });
    const url = `${window.location.origin}/replay?link=${link.id}`;
    setShared(url);
    await navigator.clipboard?.writeText(url).catch(() => undefined);
  }, [campus, parts, params]);

  return (
    <div className={styles.root}>
      <div>{parts && <PlayerBanner player={parts.player} />}</div>
      <header className={styles.header}>
        <h1>历史回放 · Replay</h1>
        <WindowPicker params={params} onChange={setParams} />
        <button type="button" onClick={() => void share()} data-testid="share">分享回放链接</button>
        {shared && <code data-testid="share-url">{shared}</code>}
      </header>
      <div className={styles.scene} data-testid="scene" data-scene-ready={ready ? "true" : "false"}>
        {campus && parts && (
          <CampusScene campus={campus} onReady={() => setReady(true)}
            live={{ live: parts.live, command: parts.command, agents: parts.agents, densityGrid: parts.densityGrid, onPickDevice: () => undefined }}>
            <Trails trajectories={trajectories} player={parts.player.store} />
          </CampusScene>
        )}
        {parts && campus && <Clock player={parts.player} trajectories={trajectories} live={parts.live} timeZone={campus.timeZone} />}
        {parts && <SidePanel parts={parts} trajectories={trajectories} />}
      </div>
      <footer className={styles.bottom}>
        {parts && <Controls player={parts.player} />}
        {timeline && parts && <Timeline data={timeline} player={parts.player.store} onScrub={(ms) => void parts.player.seek(ms)} />}
        <div className={styles.legend}>
          {Object.entries(FAMILY_COLOURS).map(([k, c]) => <span key={k}><i className={styles.swatch} style={{ background: c }} />{k}</span>)}
        </div>
      </footer>
    </div>
  );
}

function PlayerBanner({ player }: { player: ReplayPlayer }) {
  const drills = useStore(player.store, (s) => s.drills);
  return <DrillBanner campusId={null} drillIds={drills} label="回放中含演练事件 · DRILL" />;
}

function WindowPicker({ params, onChange }: { params: ReplayParams; onChange: (p: ReplayParams) => void }) {
  const local = (ms: number) => new Date(ms - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  return (
    <>
      <label>从 <input type="datetime-local" value={local(params.fromMs)} onChange={(e) => onChange({ ...params, fromMs: new Date(e.target.value).getTime() })} /></label>
      <label>到 <input type="datetime-local" value={local(params.toMs)} onChange={(e) => onChange({ ...params, toMs: new Date(e.target.value).getTime() })} /></label>
      <label>轨迹 <input placeholder="person:… , vehicle:沪A…" defaultValue={params.subjects.join(",")}
        onBlur={(e) => onChange({ ...params, subjects: e.target.value.split(",").map((s) => s.trim()).filter(Boolean).slice(0, 6) })} /></label>
    </>
  );
}

function Controls({ player }: { player: ReplayPlayer }) {
  const { playing, speed, seeking, error } = useStore(player.store, (s) => s);
  return (
    <div className={styles.controls}>
      <button type="button" data-testid="play" onClick={() => (playing ? player.pause() : player.play())}>{playing ? "⏸ 暂停" : "▶ 播放"}</button>
      <button type="button" data-testid="step" onClick={() => void player.step()}>⏭ 单步</button>
      <select data-testid="speed" value={speed} onChange={(e) => player.setSpeed(Number(e.target.value))}>
        {REPLAY_SPEEDS.map((s) => <option key={s} value={s}>{s}×</option>)}
      </select>
      {seeking && <span>定位中…</span>}
      {error && <span className={styles.error}>{error}</span>}
    </div>
  );
}

function Clock({ player, trajectories, live, timeZone }: { player: ReplayPlayer; trajectories: readonly Trajectory[]; live: ReturnType<typeof createLiveStore>; timeZone: string }) {
  const playheadMs = useStore(player.store, (s) => s.playheadMs);
  const densityVersion = useStore(live, (s) => s.densityVersion);
  // People counted by the density cameras now: what the heatmap texture is painted from.
  const heat = useStore(live, (s) => [...s.densities.values()].reduce((a, d) => a + d.count, 0));
  // Where they are: per-zone counts, so a test can tell the heatmap's picture changed even when the total did not.
  const heatCells = useStore(live, (s) => [...s.densities.entries()].filter(([, d]) => d.count > 0).map(([zone, d]) => `${zone}:${d.count}`).sort().join(","));
  const trailPoints = trajectories.reduce((n, t) => n + t.sightings.filter((s) => new Date(s.at).getTime() <= playheadMs).length, 0);
  return (
    <div className={styles.clock} data-testid="replay-clock" data-playhead-ms={Math.round(playheadMs)} data-density-version={densityVersion}
      data-heat={heat} data-heat-cells={heatCells} data-trail-sightings={trailPoints}>
      {/* Campus time zone in display (STYLE: UTC in storage). */}
      {new Date(playheadMs).toLocaleString("zh-CN", { hour12: false, timeZone })}
    </div>
  );
}

function SidePanel({ parts, trajectories }: { parts: NonNullable<ReturnType<typeof useReplayParts>>; trajectories: readonly Trajectory[] }) {
  const incidentMap = useStore(parts.live, (s) => s.incidents);
  const incidents = useMemo(() => openIncidents({ incidents: incidentMap }), [incidentMap]);
  return (
    <aside className={styles.side}>
      <h2>当时的事件 ({incidents.length})</h2>
      <ul>
        {incidents.slice(0, 12).map((i) => (
          <li key={i.id}>
            <b>{i.title}</b> · {i.state}
            <div className={styles.step}>{i.steps.map((s) => `${s.doneAt ? "✔" : s.overdueAt ? "⚠" : "○"} ${s.title}`).join("  ")}</div>
          </li>
        ))}
      </ul>
      <h2>轨迹</h2>
      <ul>
        {trajectories.map((t, k) => (
          <li key={t.subjectKey}><i className={styles.swatch} style={{ background: TRAIL_COLOURS[k % TRAIL_COLOURS.length] }} />
            {t.subjectKey} · {t.sightings.length} 次 {t.implausibleLegs ? `· ${t.implausibleLegs} 段不可能移动` : ""}</li>
        ))}
      </ul>
    </aside>
  );
}
