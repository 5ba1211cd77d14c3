import type { Server as IoServer, Socket } from "socket.io";
import { can, inScope } from "../../auth/permissions";
import type { AuthService } from "../../auth/service";
import type { CampusEvent } from "../../contracts/event";
import {
  isUrgentEvent, ZLiveSubscribe, ZLiveUnsubscribe, type ClientToServerEvents, type LiveAck, type LiveFrame, type LiveStateChange, type ServerToClientEvents,
} from "../../contracts/realtime";
import type { EventLog } from "../../events/log";
import type { Fusion, StateChange } from "../../fusion/types";
import type { Logger } from "../../observability/logger";
import type { Metrics } from "../../observability/metrics";
import type { Db } from "../../store/db";
import { FrameBuilder, frameAfter } from "./frames";
import { liveHandshake, type LiveSocketData } from "./handshake";

// The live gateway (issue 5 "Socket.IO live"; STYLE "Realtime"). One room per campus. Every
// committed event goes into its campus's FrameBuilder; a frame leaves once per tick, or at once
// when it holds an alarm or an incident (latency). A subscribing client is first registered as
// "catching up" (it receives a copy of every frame emitted meanwhile), then replayed from the
// log, then handed the frames it missed and joined to the room, all in seq order: nothing
// falls between replay and live, and nothing is sent twice.

export type LiveIo = IoServer<ClientToServerEvents, ServerToClientEvents, Record<string, never>, LiveSocketData>;
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, LiveSocketData>;

export interface LiveGatewayOptions {
  io: LiveIo;
  db: Db;
  auth: AuthService;
  events: EventLog;
  fusion?: Pick<Fusion, "onIncident" | "onStateChange"> | null;
  /** Coalescing tick; default 100 ms. */
  tickMs?: number;
  /** A client with more packets than this waiting to be written is disconnected (it resumes from its seq). */
  maxBufferedPackets?: number;
  /** How often connected sockets' sessions are re-checked (logout, expiry); default 30 s. */
  sessionRecheckMs?: number;
  logger?: Logger;
  metrics?: Metrics;
}

export interface LiveGateway {
  /** Emits every pending frame now (tests, shutdown). */
  flushAll(): void;
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
  const maxBuffered = o.maxBufferedPackets ?? 2000;
  const builders = new Map<string, FrameBuilder>();
  const catching = new Map<string, Set<CatchUp>>();
  const urgent = new Set<string>();
  let urgentScheduled = false;
  /** Highest seq handed to the listener: replay stops there, the rest arrives live. */
  let highWater = 0;
  const framesSent = o.metrics?.counter("campustwin_live_frames_total", "Live frames emitted to campus rooms");
  const eventsSent = o.metrics?.counter("campustwin_live_events_total", "Events carried by live frames (per room emit)");
  const clients = o.metrics?.gauge("campustwin_live_clients", "Connected live sockets");

  const audience = (campusId: string) => (io.sockets.adapter.rooms.get(room(campusId))?.size ?? 0) > 0 || (catching.get(campusId)?.size ?? 0) > 0;
  const builder = (campusId: string) => {
    let b = builders.get(campusId);
    if (!b) builders.set(campusId, (b = new FrameBuilder(campusId)));
    return b;
  };

  function flush(campusId: string): void {
    const b = builders.get(campusId);
    if (!b || b.empty) return;
    const frame = b.take();
    for (const c of catching.get(campusId) ?? []) c.frames.push(frame);
    io.to(room(campusId)).emit("live:frame", frame);
    framesSent?.inc();
    eventsSent?.inc({}, frame.events.length);
  }

  function flushUrgentSoon(campusId: string): void {
    urgent.add(campusId);
    if (urgentScheduled) return;
    urgentScheduled = true;
    setImmediate(() => {
      urgentScheduled = false;
      for (const c of urgent) flush(c);
      urgent.clear();
    });
  }

  const offLog = events.subscribe((stored: readonly CampusEvent[]) => {
    const hot = new Set<string>();
    for (const e of stored) {
      if (e.seq > highWater) highWater = e.seq;
      if (!audience(e.campusId)) continue; // nobody listens: a later subscriber replays from the log
      builder(e.campusId).addEvent(e);
      if (isUrgentEvent(e)) hot.add(e.campusId);
    }
    for (const c of hot) flush(c); // alarms leave now, with the events committed before them
  });
  void events.lastSeq().then((s) => (highWater = Math.max(highWater, s)));

  const offIncident = o.fusion?.onIncident((n) => {
    if (!audience(n.incident.campusId)) return;
    builder(n.incident.campusId).addIncident({ change: n.change, seq: n.seq, incident: n.incident });
    flushUrgentSoon(n.incident.campusId);
  });
  const offState = o.fusion?.onStateChange((c) => {
    if (audience(c.campusId)) builder(c.campusId).addState(stateChange(c));
  });

  const tick = setInterval(() => {
    for (const campusId of builders.keys()) flush(campusId);
    for (const s of io.sockets.sockets.values()) {
      // A client that cannot keep up is cut off rather than buffered without bound; its
      // live helper reconnects and resumes from the last seq it saw, so nothing is lost.
      const buffered = writeBufferLength(s);
      if (buffered > maxBuffered) {
        o.logger?.warn("live client too slow, disconnecting", { socket: s.id, buffered });
        s.disconnect(true);
      }
    }
    clients?.set(io.sockets.sockets.size);
  }, tickMs);
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

  async function subscribe(socket: LiveSocket, raw: unknown): Promise<LiveAck<{ campusId: string; lastSeq: number }>> {
    const parsed = ZLiveSubscribe.safeParse(raw);
    if (!parsed.success) return { error: "live:subscribe expects { campusId: string, afterSeq?: number }" };
    const { campusId } = parsed.data;
    const user = socket.data.session.user;
    if (!can(user.role, "live.subscribe") || !inScope(user.campusScope, campusId)) return { error: `Campus ${campusId} is not available to you` };
    if (!(await o.db.prisma.campus.findUnique({ where: { id: campusId }, select: { id: true } }))) return { error: `Campus ${campusId} does not exist` };
    await socket.leave(room(campusId));
    const cu: CatchUp = { frames: [] };
    const set = catching.get(campusId) ?? new Set<CatchUp>();
    catching.set(campusId, set.add(cu));
    try {
      let cursor = parsed.data.afterSeq ?? Math.min(await events.lastSeq(), highWater);
      for (;;) {
        const page = await events.since(cursor, { campusId, limit: BACKFILL_PAGE });
        const limit = highWater;
        const usable = page.filter((e) => e.seq <= limit);
        if (usable.length) {
          const fb = new FrameBuilder(campusId);
          for (const e of usable) fb.addEvent(e);
          const frame = fb.take(true);
          socket.emit("live:frame", frame);
          cursor = frame.toSeq;
        }
        if (!socket.connected) return { error: "disconnected" };
        if (page.length < BACKFILL_PAGE || usable.length < page.length) break;
      }
      // From here to the join nothing awaits: no frame can slip between the copies and the room.
      flush(campusId);
      for (const f of cu.frames) {
        const rest = frameAfter(f, cursor);
        if (!rest) continue;
        socket.emit("live:frame", rest);
        cursor = rest.toSeq;
      }
      void socket.join(room(campusId));
      return { data: { campusId, lastSeq: cursor } };
    } finally {
      set.delete(cu);
      if (set.size === 0) catching.delete(campusId);
    }
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
    socket.on("live:unsubscribe", (raw, ack) => {
      const parsed = ZLiveUnsubscribe.safeParse(raw);
      if (!parsed.success) return typeof ack === "function" && ack({ error: "live:unsubscribe expects { campusId: string }" });
      void serial(async () => {
        await socket.leave(room(parsed.data.campusId));
        if (typeof ack === "function") ack({ data: { campusId: parsed.data.campusId } });
      });
    });
  });

  return {
    flushAll() {
      for (const campusId of builders.keys()) flush(campusId);
    },
    stop() {
      clearInterval(tick);
      clearInterval(recheck);
      offLog();
      offIncident?.();
      offState?.();
    },
  };
}
