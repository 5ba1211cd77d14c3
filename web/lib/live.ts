import { io, type Socket } from "socket.io-client";
import { unpackFrame } from "../../server/contracts/live-wire";
import {
  LIVE_UNAUTHORISED, type ClientToServerEvents, type LiveFrame, type LiveUrgent, type Wire, type WireServerToClientEvents,
} from "../../server/contracts/realtime";

// Isomorphic live client (browser and Node): one Socket.IO connection, subscribed to one campus.
// On every (re)connect it subscribes with the last seq it saw, so a network drop or a server
// restart resumes exactly where it stopped; frames are deduplicated by seq, so the caller sees
// every event once, in order. It never throws: problems arrive through onStatus, and it
// reconnects with a growing delay (Socket.IO's manager) until closed.
//
// Flow control (server/api/realtime/flow.ts): every frame is acknowledged once onFrame has
// applied it, so a busy screen is sent merged frames instead of an ever-growing backlog. Alarms
// and incident notices also come ahead of the frames on the priority lane (onUrgent, a preview:
// the same events follow in order in a frame). When the server says the client fell too far
// behind (`live:resync`), it subscribes again from its cursor: the replay keeps it gap-free.

export type LiveStatus = "connecting" | "live" | "reconnecting" | "unauthorised" | "closed";
export type WireFrame = Wire<LiveFrame>;
export type WireUrgent = Wire<LiveUrgent>;

export interface LiveOptions {
  campusId: string;
  /** Server origin; default the page's own (browser). */
  url?: string;
  /** Resume after this seq; default: from now. */
  afterSeq?: number;
  /** Node only: e.g. { cookie: "ct_session=…" }. Browsers send the httpOnly cookie themselves. */
  headers?: Record<string, string>;
  reconnectDelayMs?: number;
  reconnectDelayMaxMs?: number;
  /** New content only (already deduplicated); `frame.toSeq` is the new cursor. */
  onFrame(frame: WireFrame): void;
  /**
   * Alarms and incident notices the moment the server has them, ahead of their frame; each event
   * at most once here, and again (in order) in onFrame. It does not move the cursor.
   */
  onUrgent?(urgent: WireUrgent): void;
  /** The server asked for a resync (this client fell too far behind); it is already re-subscribing. */
  onResync?(): void;
  onStatus?(status: LiveStatus, detail?: string): void;
}

export interface LiveConnection {
  /** The last seq accounted for (the resume cursor). */
  lastSeq(): number;
  close(): void;
}

export function connectLive(o: LiveOptions): LiveConnection {
  let cursor: number | undefined = o.afterSeq;
  let closed = false;
  /** Seqs already shown through onUrgent and not yet passed by the cursor. */
  let previewed = new Set<number>();
  const socket: Socket<WireServerToClientEvents, ClientToServerEvents> = io(o.url ?? "", {
    transports: ["websocket"],
    forceNew: true,
    reconnectionDelay: o.reconnectDelayMs ?? 500,
    reconnectionDelayMax: o.reconnectDelayMaxMs ?? 10_000,
    ...(o.headers ? { extraHeaders: o.headers } : {}),
  });
  const status = (s: LiveStatus, detail?: string) => o.onStatus?.(s, detail);
  status("connecting");

  socket.on("live:frame", (packed) => {
    if (packed.campusId !== o.campusId) return;
    const frame = unpackFrame(packed);
    const after = cursor ?? 0;
    // Events and coalesced state are deduplicated by seq (a replay overlapping live). Incident
    // notices are not: fusion announces an incident after the event that caused it was already
    // framed, so its seq is often at or below the cursor; a notice carries the whole incident,
    // so applying one twice is harmless, while dropping one would leave a screen stale.
    // Events come in seq order: a frame that starts past the cursor (the usual case) is all new.
    const fresh = cursor === undefined ? frame : {
      ...frame,
      events: (frame.events[0]?.seq ?? Infinity) > after ? frame.events : frame.events.filter((e) => e.seq > after),
      state: frame.state.filter((s) => s.seq > after),
    };
    const newer = cursor === undefined || frame.toSeq > cursor;
    cursor = Math.max(after, frame.toSeq);
    if (previewed.size) previewed = new Set([...previewed].filter((seq) => seq > (cursor ?? 0)));
    try {
      if (newer || fresh.incidents.length > 0) o.onFrame(fresh);
    } finally {
      // Applied (or failed to apply: the frame is still consumed): the server may send the next.
      socket.emit("live:frame-ack", { campusId: o.campusId });
    }
  });

  socket.on("live:urgent", (u) => {
    if (u.campusId !== o.campusId || !o.onUrgent) return;
    const events = u.events.filter((e) => e.seq > (cursor ?? 0) && !previewed.has(e.seq));
    for (const e of events) previewed.add(e.seq);
    if (events.length || u.incidents.length) o.onUrgent({ ...u, events });
  });

  const subscribe = () => {
    socket.emit("live:subscribe", { campusId: o.campusId, ...(cursor !== undefined ? { afterSeq: cursor } : {}) }, (reply) => {
      if ("error" in reply) return status("reconnecting", reply.error);
      if (cursor === undefined || reply.data.lastSeq > cursor) cursor = reply.data.lastSeq;
      status("live");
    });
  };
  socket.on("connect", subscribe);

  socket.on("live:resync", (notice) => {
    if (notice.campusId !== o.campusId || closed) return;
    status("reconnecting", `resync: ${notice.reason}`);
    o.onResync?.();
    subscribe();
  });

  socket.on("disconnect", (reason) => {
    if (closed) return;
    status("reconnecting", reason);
    // A server-side disconnect (slow client, session re-check) is not retried by the manager.
    if (reason === "io server disconnect") setTimeout(() => !closed && socket.connect(), o.reconnectDelayMs ?? 500);
  });

  socket.on("connect_error", (err) => {
    if (err.message === LIVE_UNAUTHORISED) {
      status("unauthorised", "log in again");
      socket.disconnect(); // the cookie is missing or expired: retrying cannot help
    } else status("reconnecting", err.message);
  });

  return {
    lastSeq: () => cursor ?? 0,
    close() {
      closed = true;
      socket.close();
      status("closed");
    },
  };
}
