import type { Server as IoServer, Socket } from "socket.io";
import { can, inScope } from "../../auth/permissions";
import type { AuthService } from "../../auth/service";
import type { CampusEvent } from "../../contracts/event";
import { encodeFrame, encodeFrameOfJson } from "../../contracts/live-wire";
import {
  isUrgentEvent, isUrgentNotice, ZLiveFrameAck, ZLiveSubscribe, ZLiveUnsubscribe, type ClientToServerEvents, type LiveAck, type LiveFrame, type LiveIncidentNotice,
  type LiveStateChange, type ServerToClientEvents,
} from "../../contracts/realtime";
import type { EventLog } from "../../events/log";
import type { Fusion, StateChange } from "../../fusion/types";
import type { Logger } from "../../observability/logger";
import type { Metrics } from "../../observability/metrics";
import type { Db } from "../../store/db";
import { encodesLiveFrames } from "./encoder";
import { CampusStream, ClientFlow, DEFAULT_FLOW_LIMITS, type FlowLimits } from "./flow";
import { FrameBuilder, frameAfter, mergeFrames, toStreamFrame } from "./frames";
import { liveHandshake, type LiveSocketData } from "./handshake";

// The live gateway (issue 5 "Socket.IO live"; STYLE "Realtime"). One room per campus. Every
// committed event goes into its campus's FrameBuilder; every tick each client gets one frame of
// everything since its last, within its flow-control window (flow.ts). The room is served in
// phase groups spread over the tick (option `phases`), so a hundred screens are not all served,
// nor all busy decoding, in the same millisecond. A client that is behind gets the frames it
// missed merged into one at the first step of its group with its window open. Alarms, new
// incidents and incident state changes also leave at once on the priority lane (`live:urgent`,
// isUrgentEvent / isUrgentNotice), past any backlog; the frame that carries them in order
// follows at the tick. A subscribing client is first registered as "catching up" (it receives a
// copy of every frame emitted meanwhile), then replayed from the log, then handed the frames it
// missed and joined to the room, all in seq order: nothing falls between replay and live, and
// nothing is sent twice.

export type LiveIo = IoServer<ClientToServerEvents, ServerToClientEvents, Record<string, never>, LiveSocketData>;
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, LiveSocketData>;

export interface LiveGatewayOptions {
  io: LiveIo;
  db: Db;
  auth: AuthService;
  events: EventLog;
  fusion?: Pick<Fusion, "onIncident" | "onStateChange"> | null;
  /** Coalescing tick: every client gets a frame this often; default 100 ms. */
  tickMs?: number;
  /**
   * The room is served in this many phase groups, one group every tickMs / phases, each with
   * everything since its own last frame; default 5 at a 100 ms tick (tickMs / 20 ms, at most 10).
   * Serving a hundred screens in the same millisecond made a burst that the next alarm queued
   * behind, on the server and on every machine hosting several screens; staggered, the same work
   * is spread over the tick and every frame is as fresh as before.
   */
  phases?: number;
  /** A client with more packets than this waiting to be written is disconnected (it resumes from its seq). */
  maxBufferedPackets?: number;
  /** Per-client flow control (flow.ts); defaults DEFAULT_FLOW_LIMITS. */
  flow?: Partial<FlowLimits>;
  /** How often connected sockets' sessions are re-checked (logout, expiry); default 30 s. */
  sessionRecheckMs?: number;
  logger?: Logger;
  metrics?: Metrics;
}

export interface LiveGateway {
  /** Emits every pending frame now, to every phase group (tests, shutdown). */
  flushAll(): void;
  /** One phase step now, as the timer does it: cuts a frame and serves the next phase group (tests). */
  step(): void;
  stop(): void;
}

const BACKFILL_PAGE = 1000;

interface CatchUp { frames: LiveFrame[] }

const room = (campusId: string) => `campus:${campusId}`;

/** Packets engine.io holds for a socket that its transport has not taken yet (engine.io keeps this field private). */
function writeBufferLength(s: LiveSocket): number {
  const conn: { writeBuffer?: unknown } = s.conn as object;
  return Array.isArray(conn.writeBuffer) ? conn.writeBuffer.length : 0;
}

function stateChange(c: StateChange): LiveStateChange {
  switch (c.type) {
    case "device": return { type: "device", key: `device:${c.device.deviceId}`, seq: c.seq, value: { ...c.device } };
    case "door": return { type: "door", key: `door:${c.door.deviceId}`, seq: c.seq, value: { ...c.door } };
    case "fence": return { type: "fence", key: `fence:${c.fence.deviceId}`, seq: c.seq, value: { ...c.fence } };
    case "density": return { type: "density", key: `density:${c.density.zoneId}`, seq: c.seq, value: { ...c.density } };
    case "fault": return { type: "fault", key: `fault:${c.ticket.id}`, seq: c.seq, value: { change: c.change, ticket: c.ticket } };
  }
}

export function createLiveGateway(o: LiveGatewayOptions): LiveGateway {
  const { io, events } = o;
  const tickMs = o.tickMs ?? 100;
  const phases = Math.max(1, Math.floor(o.phases ?? Math.min(10, Math.max(1, Math.round(tickMs / 20)))));
  const maxBuffered = o.maxBufferedPackets ?? 2000;
  const limits: FlowLimits = { ...DEFAULT_FLOW_LIMITS, ...o.flow };
  // Frames leave pre-serialised (encoder.ts): the Socket.IO server must be built with liveParser.
  if (!encodesLiveFrames(io)) throw new Error("Invariant: the live gateway needs a Socket.IO server built with liveParser (api/realtime/encoder.ts)");
  const builders = new Map<string, FrameBuilder>();
  const streams = new Map<string, CampusStream>();
  const catching = new Map<string, Set<CatchUp>>();
  /** socket id → campus id → its flow control. */
  const flows = new Map<string, Map<string, ClientFlow>>();
  const urgentNotices = new Map<string, LiveIncidentNotice[]>();
  let urgentScheduled = false;
  /** Highest seq handed to the listener: replay stops there, the rest arrives live. */
  let highWater = 0;
  const framesSent = o.metrics?.counter("campustwin_live_frames_total", "Live frames emitted to campus rooms");
  const eventsSent = o.metrics?.counter("campustwin_live_events_total", "Events carried by live frames (per room emit)");
  const framesMerged = o.metrics?.counter("campustwin_live_merged_frames_total", "Frames sent to clients that were behind, standing for several ticks");
  const resyncs = o.metrics?.counter("campustwin_live_resyncs_total", "Clients told to resync after falling too far behind");
  const urgentSent = o.metrics?.counter("campustwin_live_urgent_total", "Priority-lane packets (alarms, incident notices) emitted");
  const clients = o.metrics?.gauge("campustwin_live_clients", "Connected live sockets");

  const audience = (campusId: string) => (io.sockets.adapter.rooms.get(room(campusId))?.size ?? 0) > 0 || (catching.get(campusId)?.size ?? 0) > 0;
  const builder = (campusId: string) => {
    let b = builders.get(campusId);
    if (!b) builders.set(campusId, (b = new FrameBuilder(campusId)));
    return b;
  };
  const flowOf = (socketId: string, campusId: string) => flows.get(socketId)?.get(campusId);
  const streamOf = (campusId: string) => {
    let st = streams.get(campusId);
    // A stream frame is a phase step's worth: the "behind" limit stays the same span of time.
    if (!st) streams.set(campusId, (st = new CampusStream({ ...limits, maxBehindFrames: limits.maxBehindFrames * phases })));
    return st;
  };

  function dropFlow(socketId: string, campusId: string): void {
    const mine = flows.get(socketId);
    mine?.get(campusId)?.close();
    mine?.delete(campusId);
    if (mine?.size === 0) flows.delete(socketId);
  }

  function newFlow(socketId: string, campusId: string): ClientFlow {
    dropFlow(socketId, campusId);
    const stream = streamOf(campusId);
    const flow = new ClientFlow(limits, stream.end, stream.nextPhase(phases));
    flows.set(socketId, (flows.get(socketId) ?? new Map<string, ClientFlow>()).set(campusId, flow));
    return flow;
  }

  function resync(socketId: string, campusId: string, behindFrames: number): void {
    dropFlow(socketId, campusId);
    const socket = io.sockets.sockets.get(socketId);
    if (!socket) return;
    void socket.leave(room(campusId));
    socket.emit("live:resync", { campusId, reason: "behind" });
    resyncs?.inc();
    o.logger?.warn("live client too far behind, told to resync", { socket: socketId, campusId, behindFrames });
  }

  /**
   * Sends each client of the room (of phase group `phase`; all when null) whose window is open
   * every frame it has not had: one encoding per distinct starting point (normally one per group).
   */
  function serve(campusId: string, phase: number | null): void {
    const stream = streamOf(campusId);
    const members = io.sockets.adapter.rooms.get(room(campusId));
    if (!members?.size) return stream.trim(stream.end);
    const total = members.size;
    const groups = new Map<number, string[]>();
    const behind: [string, number][] = [];
    let oldest = stream.end;
    for (const id of members) {
      const flow = flowOf(id, campusId);
      if (!flow || flow.nextIndex >= stream.end) continue;
      if (stream.tooFarBehind(flow.nextIndex)) behind.push([id, stream.end - flow.nextIndex]);
      else if (!flow.open || (phase !== null && flow.phase !== phase)) oldest = Math.min(oldest, flow.nextIndex);
      else groups.set(flow.nextIndex, [...(groups.get(flow.nextIndex) ?? []), id]);
    }
    for (const [index, ids] of groups) {
      const frame = stream.since(index);
      (ids.length === total ? io.to(room(campusId)) : io.to(ids)).emit("live:frame", encodeFrameOfJson(frame));
      for (const id of ids) {
        const flow = flowOf(id, campusId)!;
        flow.sent();
        flow.nextIndex = stream.end;
      }
      framesSent?.inc();
      if (index < stream.end - phases) framesMerged?.inc({}, ids.length);
      eventsSent?.inc({}, frame.events.length * ids.length);
    }
    for (const [id, frames] of behind) resync(id, campusId, frames);
    stream.trim(oldest);
  }

  function flush(campusId: string, phase: number | null = null): void {
    const b = builders.get(campusId);
    if (b && !b.empty) {
      const frame = b.take();
      for (const c of catching.get(campusId) ?? []) c.frames.push(frame);
      streamOf(campusId).push(toStreamFrame(frame));
    }
    serve(campusId, phase);
  }

  function urgent(campusId: string, urgentEvents: CampusEvent[], incidents: LiveIncidentNotice[]): void {
    io.to(room(campusId)).emit("live:urgent", { campusId, events: urgentEvents, incidents });
    urgentSent?.inc();
  }

  function noticeSoon(n: LiveIncidentNotice): void {
    const list = urgentNotices.get(n.incident.campusId) ?? [];
    urgentNotices.set(n.incident.campusId, [...list, n]);
    if (urgentScheduled) return;
    urgentScheduled = true;
    setImmediate(() => {
      urgentScheduled = false;
      for (const [campusId, notices] of urgentNotices) urgent(campusId, [], notices);
      urgentNotices.clear();
    });
  }

  const offLog = events.subscribe((stored: readonly CampusEvent[]) => {
    const hot = new Map<string, CampusEvent[]>();
    for (const e of stored) {
      if (e.seq > highWater) highWater = e.seq;
      if (!audience(e.campusId)) continue; // nobody listens: a later subscriber replays from the log
      builder(e.campusId).addEvent(e);
      if (isUrgentEvent(e)) hot.set(e.campusId, [...(hot.get(e.campusId) ?? []), e]);
    }
    for (const [campusId, list] of hot) urgent(campusId, list, []); // alarms leave now; their frame follows at the tick
  });
  void events.lastSeq().then((s) => (highWater = Math.max(highWater, s)));

  const offIncident = o.fusion?.onIncident((n) => {
    if (!audience(n.incident.campusId)) return;
    const notice = { change: n.change, seq: n.seq, incident: n.incident };
    builder(n.incident.campusId).addIncident(notice);
    if (isUrgentNotice(notice)) noticeSoon(notice);
  });
  const offState = o.fusion?.onStateChange((c) => {
    if (audience(c.campusId)) builder(c.campusId).addState(stateChange(c));
  });

  let steps = 0;
  function step(): void {
    const phase = steps++ % phases;
    for (const campusId of new Set([...builders.keys(), ...streams.keys()])) flush(campusId, phase);
    if (phase === phases - 1) checkTransports();
  }

  function checkTransports(): void {
    for (const s of io.sockets.sockets.values()) {
      // Flow control bounds what a client is sent; a client whose transport still cannot drain
      // (a stalled network) is cut off rather than buffered without bound. Its live helper
      // reconnects and resumes from the last seq it saw, so nothing is lost.
      const buffered = writeBufferLength(s);
      if (buffered > maxBuffered) {
        o.logger?.warn("live client too slow, disconnecting", { socket: s.id, buffered });
        s.disconnect(true);
      }
    }
    clients?.set(io.sockets.sockets.size);
  }
  const tick = setInterval(step, tickMs / phases);
  tick.unref();

  const recheck = setInterval(() => void recheckSessions(), o.sessionRecheckMs ?? 30_000);
  recheck.unref();
  async function recheckSessions(): Promise<void> {
    const byToken = new Map<string, LiveSocket[]>();
    for (const s of io.sockets.sockets.values()) byToken.set(s.data.token, [...(byToken.get(s.data.token) ?? []), s]);
    for (const [token, sockets] of byToken) {
      const session = await o.auth.resolve(token).catch(() => null);
      if (!session) for (const s of sockets) s.disconnect(true);
    }
  }

  /** Replays the log after `cursor` up to the high-water mark, a page per window slot; returns the new cursor or null (gone). */
  async function replay(socket: LiveSocket, flow: ClientFlow, campusId: string, from: number): Promise<number | null> {
    let cursor = from;
    for (;;) {
      await flow.whenOpen();
      if (!socket.connected || flowOf(socket.id, campusId) !== flow) return null;
      const page = await events.since(cursor, { campusId, limit: BACKFILL_PAGE });
      const limit = highWater;
      const usable = page.filter((e) => e.seq <= limit);
      if (usable.length) {
        const fb = new FrameBuilder(campusId);
        for (const e of usable) fb.addEvent(e);
        const frame = fb.take(true);
        socket.emit("live:frame", encodeFrame(frame));
        flow.sent();
        cursor = frame.toSeq;
      }
      if (!socket.connected) return null;
      if (page.length < BACKFILL_PAGE || usable.length < page.length) return cursor;
    }
  }

  async function subscribe(socket: LiveSocket, raw: unknown): Promise<LiveAck<{ campusId: string; lastSeq: number }>> {
    const parsed = ZLiveSubscribe.safeParse(raw);
    if (!parsed.success) return { error: "live:subscribe expects { campusId: string, afterSeq?: number }" };
    const { campusId } = parsed.data;
    const user = socket.data.session.user;
    if (!can(user.role, "live.subscribe") || !inScope(user.campusScope, campusId)) return { error: `Campus ${campusId} is not available to you` };
    if (!(await o.db.prisma.campus.findUnique({ where: { id: campusId }, select: { id: true } }))) return { error: `Campus ${campusId} does not exist` };
    await socket.leave(room(campusId));
    const flow = newFlow(socket.id, campusId);
    const cu: CatchUp = { frames: [] };
    const set = catching.get(campusId) ?? new Set<CatchUp>();
    catching.set(campusId, set.add(cu));
    try {
      const cursor = await replay(socket, flow, campusId, parsed.data.afterSeq ?? Math.min(await events.lastSeq(), highWater));
      if (cursor === null) return { error: "disconnected" };
      // From here to the join nothing awaits: no frame can slip between the copies and the room.
      flush(campusId, -1); // cut the frame (catch-up copies included) without serving anyone early
      const missed = cu.frames.map((f) => frameAfter(f, cursor)).filter((f): f is LiveFrame => f !== null);
      let lastSeq = cursor;
      if (missed.length) {
        const rest = mergeFrames(missed);
        socket.emit("live:frame", encodeFrame(rest));
        flow.sent();
        lastSeq = Math.max(lastSeq, rest.toSeq);
      }
      flow.nextIndex = streamOf(campusId).end;
      void socket.join(room(campusId));
      return { data: { campusId, lastSeq } };
    } finally {
      set.delete(cu);
      if (set.size === 0) catching.delete(campusId);
    }
  }

  function onFrameAck(socket: LiveSocket, raw: unknown): void {
    const parsed = ZLiveFrameAck.safeParse(raw);
    if (parsed.success) flowOf(socket.id, parsed.data.campusId)?.ack(); // what it missed leaves at the next tick
  }

  io.use(liveHandshake(o.auth));
  io.on("connection", (socket: LiveSocket) => {
    let chain: Promise<unknown> = Promise.resolve(); // one subscription change at a time per socket
    const serial = <T>(run: () => Promise<T>) => (chain = chain.then(run, run)) as Promise<T>;
    socket.on("live:subscribe", (raw, ack) => {
      serial(() => subscribe(socket, raw)).then(
        (reply) => typeof ack === "function" && ack(reply),
        (err: unknown) => {
          o.logger?.error("live subscribe failed", { error: err instanceof Error ? err.message : String(err) });
          if (typeof ack === "function") ack({ error: "Subscription failed" });
        },
      );
    });
    socket.on("live:frame-ack", (raw) => onFrameAck(socket, raw));
    socket.on("live:unsubscribe", (raw, ack) => {
      const parsed = ZLiveUnsubscribe.safeParse(raw);
      if (!parsed.success) return typeof ack === "function" && ack({ error: "live:unsubscribe expects { campusId: string }" });
      void serial(async () => {
        await socket.leave(room(parsed.data.campusId));
        dropFlow(socket.id, parsed.data.campusId);
        if (typeof ack === "function") ack({ data: { campusId: parsed.data.campusId } });
      });
    });
    socket.on("disconnect", () => {
      for (const campusId of [...(flows.get(socket.id)?.keys() ?? [])]) dropFlow(socket.id, campusId);
    });
  });

  return {
    flushAll() {
      for (const campusId of new Set([...builders.keys(), ...streams.keys()])) flush(campusId);
    },
    step,
    stop() {
      clearInterval(tick);
      clearInterval(recheck);
      offLog();
      offIncident?.();
      offState?.();
      for (const socketId of [...flows.keys()]) for (const campusId of [...(flows.get(socketId)?.keys() ?? [])]) dropFlow(socketId, campusId);
    },
  };
}
