import type { CampusEvent } from "../../contracts/event";
import { packedJson } from "../../contracts/live-wire";
import { isCoalescedKind, type LiveFrame, type LiveIncidentNotice, type LiveStateChange } from "../../contracts/realtime";

// Builds one campus's frame per tick. Exact events (alarms, access, LPR, incidents, …) are all
// kept in seq order; high-rate kinds and state changes keep only their latest value per key,
// so a burst of 1,000 density samples for 20 zones costs 20 entries, never an alarm.

function coalesceKey(e: CampusEvent): string {
  const zone = typeof e.data.zoneId === "string" ? e.data.zoneId : "";
  return `${e.kind}|${e.deviceId ?? ""}|${e.subject?.ref ?? ""}|${e.subject?.plate ?? ""}|${zone}`;
}

/** A frame whose events are of type E (CampusEvent in a LiveFrame, StreamEvent in the stream). */
type FrameOf<E> = Omit<LiveFrame, "events"> & { events: E[] };

/** Collects one frame: `keyOf` gives an event's coalescing key, or null for an exact event. */
class Frames<E extends { seq: number }> {
  private exact: E[] = [];
  private latest = new Map<string, E>();
  private state = new Map<string, LiveStateChange>();
  private incidents: LiveIncidentNotice[] = [];
  private toSeq = 0;

  constructor(readonly campusId: string, private readonly keyOf: (e: E) => string | null) {}

  get empty(): boolean {
    return this.toSeq === 0;
  }

  addEvent(e: E): void {
    const key = this.keyOf(e);
    if (key !== null) {
      this.latest.delete(key); // re-insert keeps Map order = arrival order of the latest value
      this.latest.set(key, e);
    } else this.exact.push(e);
    if (e.seq > this.toSeq) this.toSeq = e.seq;
  }

  addState(change: LiveStateChange): void {
    this.state.delete(change.key);
    this.state.set(change.key, change);
    if (change.seq > this.toSeq) this.toSeq = change.seq;
  }

  addIncident(notice: LiveIncidentNotice): void {
    this.incidents.push(notice);
    if (notice.seq > this.toSeq) this.toSeq = notice.seq;
  }

  /** The frame accounts for events up to `seq` even when they were coalesced away (merging). */
  cover(seq: number): void {
    if (seq > this.toSeq) this.toSeq = seq;
  }

  /** The frame so far, and a fresh start. Events come out in seq order. */
  take(backfill = false): FrameOf<E> {
    let events = this.exact;
    if (this.latest.size) {
      events = events.concat([...this.latest.values()]);
      events.sort((a, b) => a.seq - b.seq);
    }
    const frame: FrameOf<E> = { campusId: this.campusId, toSeq: this.toSeq, backfill, events, state: [...this.state.values()], incidents: this.incidents };
    this.exact = [];
    this.latest = new Map();
    this.state = new Map();
    this.incidents = [];
    this.toSeq = 0;
    return frame;
  }
}

const eventKey = (e: CampusEvent): string | null => (isCoalescedKind(e.kind) ? coalesceKey(e) : null);

export class FrameBuilder extends Frames<CampusEvent> {
  constructor(campusId: string) {
    super(campusId, eventKey);
  }
}

/** Several consecutive frames as one, built with `into` (see mergeFrames). */
function merge<E extends { seq: number }>(frames: readonly FrameOf<E>[], into: (campusId: string) => Frames<E>): FrameOf<E> {
  if (frames.length === 1) return frames[0]!;
  const first = frames[0];
  if (!first) throw new Error("Invariant: merging needs at least one frame");
  const b = into(first.campusId);
  for (const f of frames) {
    for (const e of f.events) b.addEvent(e);
    for (const s of f.state) b.addState(s);
    for (const n of f.incidents) b.addIncident(n);
    b.cover(f.toSeq);
  }
  return b.take(frames.every((f) => f.backfill));
}

/** The part of a frame a client whose cursor is `afterSeq` has not seen; null when nothing is left. */
export function frameAfter(frame: LiveFrame, afterSeq: number): LiveFrame | null {
  if (frame.toSeq <= afterSeq) return null;
  return {
    ...frame,
    events: frame.events.filter((e) => e.seq > afterSeq),
    state: frame.state.filter((s) => s.seq > afterSeq),
    incidents: frame.incidents.filter((i) => i.seq > afterSeq),
  };
}

/**
 * One frame standing for several consecutive frames of one campus (a client that fell behind):
 * exact events and incident notices all kept, coalesced kinds and state reduced again to the
 * latest value per key. The client ends at the same cursor as if it had applied each frame.
 */
export function mergeFrames(frames: readonly LiveFrame[]): LiveFrame {
  return merge(frames, (campusId) => new FrameBuilder(campusId));
}

/**
 * An event as the gateway's stream keeps it: seq, coalescing key (null: an exact event, always
 * kept) and its packed JSON. With phase groups a frame is kept until every group and laggard has
 * had it (a tick or more) and merged once per group; kept as whole CampusEvents, 10,000 events a
 * second survived into V8's old generation and the server's young-generation pauses grew to
 * 15–40 ms. Three fields, and the key and text are made once.
 */
export interface StreamEvent { seq: number; key: string | null; json: string }

export type StreamFrame = FrameOf<StreamEvent>;

export function toStreamFrame(frame: LiveFrame): StreamFrame {
  return {
    ...frame,
    events: frame.events.map((e) => ({ seq: e.seq, key: eventKey(e), json: packedJson(e) })),
  };
}

/** mergeFrames for stream frames: exact events and notices all kept, coalesced ones and state newest per key. */
export function mergeStreamFrames(frames: readonly StreamFrame[]): StreamFrame {
  return merge(frames, (campusId) => new Frames<StreamEvent>(campusId, (e) => e.key));
}
