import { ZCampusEvent, type CampusEvent } from "../../../server/contracts/event";
import { ZHistoricalState, type HistoricalState } from "../../../server/contracts/history";
import type { Incident } from "../../../server/contracts/incident";
import { AGENT_PERSON, AGENT_VEHICLE, type AgentBuffer } from "../../lib/agents";
import { applyEvents } from "../../lib/live-apply";
import type { DoorDisplay, FenceDisplay, LiveStore } from "../../lib/live-store";
import { createStore, type Store } from "../../lib/store";
import { trpc } from "../../lib/trpc";

// The /replay player (Lichtblick's player habit: one object owns time; views read a store).
// A seek asks the server for the state at the instant (nearest snapshot + bounded replay) and
// writes it into an ordinary LiveStore, so the twin's live layers draw the past unchanged; while
// playing, the log's events up to the playhead are folded in with the live client's own reducer.

export interface PlayerState {
  playheadMs: number;
  playing: boolean;
  speed: number;
  /** Log seq the live store reflects. */
  seq: number;
  seeking: boolean;
  drills: readonly string[];
  error: string | null;
}

const TICK_MS = 200;
/** Jumping further than this re-seeks instead of streaming every event in between. */
const STREAM_LIMIT_MS = 15 * 60_000;
const PAGE = 5000;
const AGENT_GLIDE_MS = 800;

export interface ReplayPlayer {
  store: Store<PlayerState>;
  seek(atMs: number): Promise<void>;
  play(): void;
  pause(): void;
  setSpeed(speed: number): void;
  /** Jumps to the next event after the playhead. */
  step(): Promise<void>;
  dispose(): void;
}

export function createReplayPlayer(o: { campusId: string; fromMs: number; toMs: number; speed: number; live: LiveStore; agents: AgentBuffer }): ReplayPlayer {
  const store = createStore<PlayerState>({ playheadMs: o.fromMs, playing: false, speed: o.speed, seq: 0, seeking: false, drills: [], error: null });
  let timer: ReturnType<typeof setInterval> | null = null;
  let busy = false;
  let lastTick = 0;

  function writeState(s: HistoricalState): void {
    const incidents = new Map<string, Incident>(s.incidents.map((i) => [i.id, i]));
    o.live.setState((prev) => ({
      lastSeq: s.seq, events: [], incidents, deviceStatus: new Map(Object.entries(s.devices)) as never,
      doors: new Map(Object.entries(s.doors) as Array<[string, DoorDisplay]>), fences: new Map(Object.entries(s.fences) as Array<[string, FenceDisplay]>),
      densities: new Map(Object.entries(s.densities)), alarmDevices: new Map(Object.entries(s.alarms)),
      stateVersion: prev.stateVersion + 1, densityVersion: prev.densityVersion + 1, connection: "live",
    }));
    o.agents.clear();
    const nowMs = performance.now();
    for (const a of s.agents) o.agents.report(a.subjectKey, a.type === "vehicle" ? AGENT_VEHICLE : AGENT_PERSON, a.xM, a.yM, nowMs, 1);
    store.setState({ seq: s.seq, drills: s.drills });
  }

  async function seek(atMs: number): Promise<void> {
    const at = Math.min(Math.max(atMs, o.fromMs), o.toMs);
    store.setState({ playheadMs: at, seeking: true });
    try {
      writeState(ZHistoricalState.parse(await trpc().history.seek.query({ campusId: o.campusId, at: new Date(at) })));
      store.setState({ seeking: false, error: null });
    } catch (err) {
      store.setState({ seeking: false, error: err instanceof Error ? err.message : String(err) });
    }
  }

  function applyBatch(batch: readonly CampusEvent[]): void {
    if (batch.length === 0) return;
    o.live.setState((s) => applyEvents(s, batch));
    const incidents = new Map(o.live.getState().incidents);
    const nowMs = performance.now();
    for (const e of batch) {
      if ((e.kind === "incident.opened" || e.kind === "incident.updated") && e.data.incident) incidents.set(String(e.data.incidentId), e.data.incident as Incident);
      if (e.kind === "incident.transition") {
        const inc = incidents.get(String(e.data.incidentId));
        const to = TRANSITION_TO[String(e.data.action)];
        if (inc && to) incidents.set(inc.id, { ...inc, state: to });
      }
      if (e.subject && e.location) {
        const key = e.subject.plate ? `vehicle:${e.subject.plate}` : `${e.subject.type}:${e.subject.ref}`;
        o.agents.report(key, e.subject.plate ? AGENT_VEHICLE : AGENT_PERSON, e.location.xM, e.location.yM, nowMs, AGENT_GLIDE_MS);
      }
    }
    o.live.setState((s) => ({ incidents, stateVersion: s.stateVersion + 1 }));
    store.setState({ seq: batch[batch.length - 1]!.seq });
  }

  async function streamTo(atMs: number): Promise<void> {
    for (;;) {
      const batch = events(await trpc().history.events.query({ campusId: o.campusId, afterSeq: store.getState().seq, to: new Date(atMs), limit: PAGE }));
      applyBatch(batch);
      if (batch.length < PAGE) return;
    }
  }

  async function tick(): Promise<void> {
    const s = store.getState();
    const now = performance.now();
    const dtMs = (now - lastTick) * s.speed;
    lastTick = now;
    const next = Math.min(s.playheadMs + dtMs, o.toMs);
    if (next - s.playheadMs > STREAM_LIMIT_MS) await seek(next);
    else {
      store.setState({ playheadMs: next });
      await streamTo(next);
    }
    if (next >= o.toMs) pause();
  }

  function play(): void {
    if (timer) return;
    lastTick = performance.now();
    store.setState({ playing: true });
    timer = setInterval(() => {
      if (busy) return;
      busy = true;
      tick().catch((err: unknown) => store.setState({ error: err instanceof Error ? err.message : String(err) })).finally(() => { busy = false; });
    }, TICK_MS);
  }

  function pause(): void {
    if (timer) clearInterval(timer);
    timer = null;
    store.setState({ playing: false });
  }

  return {
    store, seek, play, pause,
    setSpeed: (speed) => store.setState({ speed }),
    async step() {
      const s = store.getState();
      const batch = events(await trpc().history.events.query({ campusId: o.campusId, afterSeq: s.seq, to: new Date(o.toMs), limit: 1 }));
      if (!batch[0]) return;
      applyBatch(batch);
      store.setState({ playheadMs: Math.max(s.playheadMs, new Date(batch[0].receivedAt).getTime()) });
    },
    dispose: pause,
  };
}

const TRANSITION_TO: Record<string, Incident["state"]> = {
  acknowledge: "acknowledged", dispatch: "dispatched", on_scene: "on_scene", resolve: "resolved", false_alarm: "false_alarm",
};

/** tRPC sends dates as strings (no transformer): the contract's coercion brings them back. */
const ZEvents = ZCampusEvent.array();
const events = (raw: unknown): CampusEvent[] => ZEvents.parse(raw);
