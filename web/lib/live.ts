import { io, type Socket } from "socket.io-client";
import {
  LIVE_UNAUTHORISED, type ClientToServerEvents, type LiveFrame, type Wire, type WireServerToClientEvents,
} from "../../server/contracts/realtime";

// Isomorphic live client (browser and Node): one Socket.IO connection, subscribed to one campus.
// On every (re)connect it subscribes with the last seq it saw, so a network drop or a server
// restart resumes exactly where it stopped; frames are deduplicated by seq, so the caller sees
// every event once, in order. It never throws: problems arrive through onStatus, and it
// reconnects with a growing delay (Socket.IO's manager) until closed.

export type LiveStatus = "connecting" | "live" | "reconnecting" | "unauthorised" | "closed";
export type WireFrame = Wire<LiveFrame>;

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
  const socket: Socket<WireServerToClientEvents, ClientToServerEvents> = io(o.url ?? "", {
    transports: ["websocket"],
    forceNew: true,
    reconnectionDelay: o.reconnectDelayMs ?? 500,
    reconnectionDelayMax: o.reconnectDelayMaxMs ?? 10_000,
    ...(o.headers ? { extraHeaders: o.headers } : {}),
  });
  const status = (s: LiveStatus, detail?: string) => o.onStatus?.(s, detail);
  status("connecting");

  socket.on("live:frame", (frame) => {
    if (frame.campusId !== o.campusId) return;
    const after = cursor ?? 0;
    // Events and coalesced state are deduplicated by seq (a replay overlapping live). Incident
    // notices are not: fusion announces an incident after the event that caused it was already
    // framed, so its seq is often at or below the cursor; a notice carries the whole incident,
    // so applying one twice is harmless, while dropping one would leave a screen stale.
    const fresh = cursor === undefined ? frame : {
      ...frame,
      events: frame.events.filter((e) => e.seq > after),
      state: frame.state.filter((s) => s.seq > after),
    };
    const newer = cursor === undefined || frame.toSeq > cursor;
    cursor = Math.max(after, frame.toSeq);
    if (newer || fresh.incidents.length > 0) o.onFrame(fresh);
  });

  socket.on("connect", () => {
    socket.emit("live:subscribe", { campusId: o.campusId, ...(cursor !== undefined ? { afterSeq: cursor } : {}) }, (reply) => {
      if ("error" in reply) return status("reconnecting", reply.error);
      if (cursor === undefined || reply.data.lastSeq > cursor) cursor = reply.data.lastSeq;
      status("live");
    });
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
