import { mergeStreamFrames, type StreamFrame } from "./frames";

// Per-client flow control for live frames (issue 5 "Benchmark": alarm-to-client p99 ≤ 50 ms at
// 10,000 events/s in). A client acknowledges each frame once applied (`live:frame-ack`); the
// gateway keeps at most `windowFrames` unacknowledged frames in flight per client. A client that
// is behind gets no new frame; at the next tick with its window open it gets everything it
// missed as one merged frame, in which positions and densities are reduced to their newest value
// per key while discrete events and incident notices are all kept. So a slow screen costs the
// server a bounded ring of frames and the socket a bounded backlog, and an alarm on the priority
// lane (`live:urgent`) waits behind at most `windowFrames` frames, never behind seconds of them.
// Clients that missed the same frames share one merged frame (one encoding for all of them), so
// a lagging crowd does not turn one broadcast into a hundred. A client more than
// `maxBehindFrames` frames or `maxBehindEvents` events behind is told to resync: it subscribes
// again from its cursor and replays from the log.

export interface FlowLimits {
  /** Unacknowledged frames allowed in flight per client (default 2). */
  windowFrames: number;
  /** Frames a client may fall behind before it is told to resync (default 100: 10 s at a 100 ms tick). */
  maxBehindFrames: number;
  /** Events (exact and coalesced, state, notices) a client may fall behind before it is told to resync (default 50,000). */
  maxBehindEvents: number;
}

export const DEFAULT_FLOW_LIMITS: FlowLimits = { windowFrames: 2, maxBehindFrames: 100, maxBehindEvents: 50_000 };

const entries = (f: StreamFrame) => f.events.length + f.state.length + f.incidents.length;

/** One client's window on one campus's stream. */
export class ClientFlow {
  private unacked = 0;
  private waiters: (() => void)[] = [];
  private closed = false;
  /** Index in the campus stream of the first frame this client has not been sent. */
  nextIndex: number;

  /** `phase`: the client's phase group (gateway option `phases`): it is served on that group's steps. */
  constructor(private readonly limits: FlowLimits, nextIndex: number, readonly phase = 0) {
    this.nextIndex = nextIndex;
  }

  get open(): boolean {
    return this.unacked < this.limits.windowFrames;
  }

  /** A frame went to the client. */
  sent(): void {
    this.unacked++;
  }

  /** The client applied a frame. */
  ack(): void {
    if (this.unacked > 0) this.unacked--; // an ack from before a re-subscribe must not open the window wider
    if (this.open) this.wake();
  }

  /** Resolves when the window has room (or the flow is closed): replay pages wait here. */
  whenOpen(): Promise<void> {
    if (this.closed || this.open) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Releases anyone waiting (disconnect, resync, unsubscribe). */
  close(): void {
    this.closed = true;
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

/** The recent frames of one campus, kept as long as some client still has to be sent them. */
export class CampusStream {
  private frames: StreamFrame[] = [];
  /** Running entry count: cumulative[i] = entries of frames[0..i]. */
  private cumulative: number[] = [];
  private base = 0;
  private merged = new Map<number, StreamFrame>();
  private joined = 0;

  constructor(private readonly limits: FlowLimits) {}

  /** Phase group for the next client: round robin, so the groups stay about equal. */
  nextPhase(phases: number): number {
    return this.joined++ % phases;
  }

  /** Index the next pushed frame will get: a client at this index is up to date. */
  get end(): number {
    return this.base + this.frames.length;
  }

  push(frame: StreamFrame): void {
    this.frames.push(frame);
    this.cumulative.push((this.cumulative.at(-1) ?? 0) + entries(frame));
    this.merged.clear();
  }

  /** True when a client whose next frame is `index` is too far behind to be served from memory. */
  tooFarBehind(index: number): boolean {
    if (index < this.base) return true;
    const behindFrames = this.end - index;
    if (behindFrames === 0) return false;
    const i = index - this.base;
    const behindEvents = this.cumulative.at(-1)! - (i > 0 ? this.cumulative[i - 1]! : 0);
    return behindFrames > this.limits.maxBehindFrames || behindEvents > this.limits.maxBehindEvents;
  }

  /** Every frame from `index` on, as one frame (the same object for every client at `index`). */
  since(index: number): StreamFrame {
    const cached = this.merged.get(index);
    if (cached) return cached;
    const frame = mergeStreamFrames(this.frames.slice(index - this.base));
    this.merged.set(index, frame);
    return frame;
  }

  /** Forgets frames before `index` (the oldest any client still needs). */
  trim(index: number): void {
    const drop = Math.min(index, this.end) - this.base;
    if (drop <= 0) return;
    const dropped = this.cumulative[drop - 1]!;
    this.frames = this.frames.slice(drop);
    this.cumulative = this.cumulative.slice(drop).map((c) => c - dropped);
    this.base += drop;
    this.merged.clear();
  }
}
