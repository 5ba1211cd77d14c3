import type { CampusEvent } from "../../contracts/event";
import { isCoalescedKind, type LiveFrame, type LiveIncidentNotice, type LiveStateChange } from "../../contracts/realtime";

// Builds one campus's frame per tick. Exact events (alarms, access, LPR, incidents, …) are all
// kept in seq order; high-rate kinds and state changes keep only their latest value per key,
// so a burst of 1,000 density samples for 20 zones costs 20 entries, never an alarm.

/** Made once per event: with phase groups an event passes through several merges (gateway.ts). */
const keys = new WeakMap<CampusEvent, string>();

function coalesceKey(e: CampusEvent): string {
  let key = keys.get(e);
  if (key === undefined) {
    const zone = typeof e.data.zoneId === "string" ? e.data.zoneId : "";
    keys.set(e, (key = `${e.kind}|${e.deviceId ?? ""}|${e.subject?.ref ?? ""}|${e.subject?.plate ?? ""}|${zone}`));
  }
  return key;
}

export class FrameBuilder {
  private exact: CampusEvent[] = [];
  private latest = new Map<string, CampusEvent>();
  private state = new Map<string, LiveStateChange>();
  private incidents: LiveIncidentNotice[] = [];
  private toSeq = 0;

  constructor(readonly campusId: string) {}

  get empty(): boolean {
    return this.toSeq === 0;
  }

  addEvent(e: CampusEvent): void {
    if (isCoalescedKind(e.kind)) {
      const key = coalesceKey(e);
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
  take(backfill = false): LiveFrame {
    let events = this.exact;
    if (this.latest.size) {
      events = events.concat([...this.latest.values()]);
      events.sort((a, b) => a.seq - b.seq);
    }
    const frame: LiveFrame = { campusId: this.campusId, toSeq: this.toSeq, backfill, events, state: [...this.state.values()], incidents: this.incidents };
    this.exact = [];
    this.latest = new Map();
    this.state = new Map();
    this.incidents = [];
    this.toSeq = 0;
    return frame;
  }
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
  if (frames.length === 1) return frames[0]!;
  const first = frames[0];
  if (!first) throw new Error("mergeFrames needs at least one frame");
  const b = new FrameBuilder(first.campusId);
  for (const f of frames) {
    for (const e of f.events) b.addEvent(e);
    for (const s of f.state) b.addState(s);
    for (const n of f.incidents) b.addIncident(n);
    b.cover(f.toSeq);
  }
  return b.take(frames.every((f) => f.backfill));
}
