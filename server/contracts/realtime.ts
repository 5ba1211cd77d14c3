import { z } from "zod";
import type { CampusEvent } from "./event";
import type { Incident } from "./incident";
import type { EncodedLiveFrame, PackedLiveFrame, WirePackedLiveFrame } from "./live-wire";

// The Socket.IO live protocol (STYLE "Realtime"), shared by the gateway
// (server/api/realtime/gateway.ts) and the client helper (web/lib/live.ts). No Node imports.
//
// A client subscribes to a campus with the last seq it saw; the server replays what it missed
// (frames with backfill=true) and then streams live frames, in seq order, without gaps or
// duplicates. High-rate state (density samples, positions, device/door/fence/density state) is
// coalesced to the latest value per key within a frame; every other event, alarms and incidents
// above all, is always delivered. The handshake is authenticated by the session cookie.

export const ZLiveSubscribe = z.object({
  campusId: z.string().min(1),
  /** The last seq the client saw for this campus; omit to start from now (no replay). */
  afterSeq: z.number().int().min(0).optional(),
});
export type LiveSubscribe = z.infer<typeof ZLiveSubscribe>;

export const ZLiveUnsubscribe = z.object({ campusId: z.string().min(1) });

/** Flow control: a client acknowledges every `live:frame` once it has applied it (gateway flow.ts). */
export const ZLiveFrameAck = z.object({ campusId: z.string().min(1) });

export type LiveAck<T> = { data: T } | { error: string };

/** Event kinds whose intermediate values may be skipped: only the latest per key is sent. */
export const COALESCED_EVENT_KINDS: ReadonlySet<string> = new Set(["density.sample", "device.heartbeat"]);

export function isCoalescedKind(kind: string): boolean {
  return COALESCED_EVENT_KINDS.has(kind) || kind.endsWith(".position");
}

/** Events that go out at once instead of waiting for the next tick (alarm-to-screen latency). */
export function isUrgentEvent(e: Pick<CampusEvent, "kind" | "severity">): boolean {
  return e.severity >= 3 || e.kind.startsWith("incident.") || e.kind.startsWith("alarm.");
}

/**
 * Incident notices that also take the priority lane: a new incident, a change of state, an
 * overdue SOP step. Another event joining an open incident, a note or a step done reaches
 * screens with the next frame (within one tick): in an alarm storm every joined alarm updates
 * its incident, and a second broadcast per alarm to every screen cost the server as much as the
 * alarm's own (bench:live, 10 alarms/s).
 */
const URGENT_INCIDENT_CHANGES: ReadonlySet<string> = new Set(["opened", "transition", "overdue"]);

export function isUrgentNotice(n: Pick<LiveIncidentNotice, "change">): boolean {
  return URGENT_INCIDENT_CHANGES.has(n.change);
}

/** A change of derived state (server/fusion); latest per `key` within a frame. */
export interface LiveStateChange {
  type: "device" | "door" | "fence" | "density" | "fault";
  /** `${type}:${id}`: what coalescing keys on. */
  key: string;
  seq: number;
  value: Record<string, unknown>;
}

export interface LiveIncidentNotice {
  change: string;
  seq: number;
  incident: Incident;
}

/** JSON on the wire: dates travel as ISO strings. */
export type Wire<T> = T extends Date ? string : T extends (infer U)[] ? Wire<U>[] : T extends object ? { [K in keyof T]: Wire<T[K]> } : T;

export interface LiveFrame {
  campusId: string;
  /** Highest seq the frame accounts for, coalesced-away events included: the client's new cursor. */
  toSeq: number;
  /** True while replaying what the client missed. */
  backfill: boolean;
  /** In seq order. */
  events: CampusEvent[];
  state: LiveStateChange[];
  incidents: LiveIncidentNotice[];
}

/**
 * The priority lane: alarms and incident notices sent the moment they are committed, ahead of a
 * client's frame backlog and outside its flow-control window. A preview only: the same events
 * also arrive in order in a later `live:frame`, which alone moves the cursor.
 */
export interface LiveUrgent {
  campusId: string;
  events: CampusEvent[];
  incidents: LiveIncidentNotice[];
}

/**
 * The client fell too far behind: the gateway dropped its pending frames and its room. The
 * client subscribes again with its cursor (replay from the log: still no gap) and re-reads
 * whatever it keeps besides events (incidents, fault tickets).
 */
export interface LiveResync {
  campusId: string;
  reason: string;
}

/** What the gateway emits (dates as Date objects; JSON turns them into strings). */
export interface ServerToClientEvents {
  /**
   * Events packed as tuples (live-wire.ts); web/lib/live.ts unpacks them. EncodedLiveFrame: the
   * same frame already serialised, for a server built with the live parser (api/realtime/encoder.ts).
   */
  "live:frame": (frame: PackedLiveFrame | EncodedLiveFrame) => void;
  "live:urgent": (urgent: LiveUrgent) => void;
  "live:resync": (notice: LiveResync) => void;
}

/** What a client receives: the same frames as JSON. */
export interface WireServerToClientEvents {
  "live:frame": (frame: WirePackedLiveFrame) => void;
  "live:urgent": (urgent: Wire<LiveUrgent>) => void;
  "live:resync": (notice: LiveResync) => void;
}

export interface ClientToServerEvents {
  "live:subscribe": (req: LiveSubscribe, ack: (reply: LiveAck<{ campusId: string; lastSeq: number }>) => void) => void;
  "live:unsubscribe": (req: { campusId: string }, ack: (reply: LiveAck<{ campusId: string }>) => void) => void;
  "live:frame-ack": (req: { campusId: string }) => void;
}

/** Connect errors the handshake answers with (socket.io `connect_error` message). */
export const LIVE_UNAUTHORISED = "unauthorised";
