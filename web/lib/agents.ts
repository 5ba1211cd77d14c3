// Moving people and vehicles as flat typed arrays (no object per agent), one lane per kind. Each
// agent glides from where it was drawn to its latest reported position over `glideMs`; the glide
// is evaluated on the GPU (Agents.tsx: the lane arrays are the instance attributes and only the
// changed range is uploaded), so a frame costs the CPU nothing per agent. `positionInto` gives the
// same interpolation on the CPU for whoever needs it (the naive benchmark baseline).

export const AGENT_PERSON = 0;
export const AGENT_VEHICLE = 1;
export type AgentKind = typeof AGENT_PERSON | typeof AGENT_VEHICLE;

/** Time origin of the glide clock (ms, performance.now()); seconds since it fit a float32. */
export const AGENT_EPOCH_MS = typeof performance === "undefined" ? 0 : performance.now();

export class AgentLane {
  readonly capacity: number;
  count = 0;
  /** Per agent (fromE, fromN, toE, toN) in metres: the instance attribute `aFromTo`. */
  readonly fromTo: Float32Array;
  /** Per agent (startS, glideS), startS since AGENT_EPOCH_MS: the instance attribute `aGlide`. */
  readonly glide: Float32Array;
  /** Agents changed since the last upload (inclusive range), or dirtyMin > dirtyMax when none. */
  dirtyMin = Infinity;
  dirtyMax = -1;
  /** Bumped on every change: views that do not own the dirty range re-upload on change. */
  version = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.fromTo = new Float32Array(capacity * 4);
    this.glide = new Float32Array(capacity * 2);
  }

  /** Writes the interpolated (east, north) of agent i at `nowMs` into out[offset], out[offset + 1]. */
  positionInto(i: number, nowMs: number, out: Float32Array, offset: number): void {
    const nowS = (nowMs - AGENT_EPOCH_MS) / 1000;
    const t = Math.min(Math.max((nowS - this.glide[i * 2]!) / this.glide[i * 2 + 1]!, 0), 1);
    const o = i * 4;
    out[offset] = this.fromTo[o]! + (this.fromTo[o + 2]! - this.fromTo[o]!) * t;
    out[offset + 1] = this.fromTo[o + 1]! + (this.fromTo[o + 3]! - this.fromTo[o + 1]!) * t;
  }

  set(i: number, fromE: number, fromN: number, toE: number, toN: number, startS: number, glideS: number): void {
    const o = i * 4;
    this.fromTo[o] = fromE;
    this.fromTo[o + 1] = fromN;
    this.fromTo[o + 2] = toE;
    this.fromTo[o + 3] = toN;
    this.glide[i * 2] = startS;
    this.glide[i * 2 + 1] = Math.max(glideS, 0.001);
    this.version++;
    if (i < this.dirtyMin) this.dirtyMin = i;
    if (i > this.dirtyMax) this.dirtyMax = i;
  }

  clearDirty(): void {
    this.dirtyMin = Infinity;
    this.dirtyMax = -1;
  }
}

const scratch = new Float32Array(2);

export class AgentBuffer {
  readonly capacity: number;
  readonly lanes: readonly [AgentLane, AgentLane];
  /** When the last glide ends: the view keeps animating until then. */
  busyUntilMs = 0;
  private readonly slots = new Map<string, number>();

  constructor(capacity: number) {
    this.capacity = capacity;
    this.lanes = [new AgentLane(capacity), new AgentLane(capacity)];
  }

  get count(): number {
    return this.lanes[0].count + this.lanes[1].count;
  }

  /** A new position report for `key`; a full lane drops the report (and says so). */
  report(key: string, kind: AgentKind, eastM: number, northM: number, nowMs: number, glideMs: number): boolean {
    const lane = this.lanes[kind];
    const nowS = (nowMs - AGENT_EPOCH_MS) / 1000;
    // Slot = kind in the low bit, lane index above it: one map lookup per report.
    const slot = this.slots.get(key);
    if (slot === undefined || (slot & 1) !== kind) {
      if (lane.count >= lane.capacity) return false;
      const i = lane.count++;
      this.slots.set(key, (i << 1) | kind);
      lane.set(i, eastM, northM, eastM, northM, nowS, glideMs / 1000);
    } else {
      // Start the new glide from where the agent is drawn now, so an early report never jumps.
      const i = slot >> 1;
      lane.positionInto(i, nowMs, scratch, 0);
      lane.set(i, scratch[0]!, scratch[1]!, eastM, northM, nowS, glideMs / 1000);
    }
    if (nowMs + glideMs > this.busyUntilMs) this.busyUntilMs = nowMs + glideMs;
    return true;
  }

  clear(): void {
    for (const lane of this.lanes) {
      lane.count = 0;
      lane.clearDirty();
    }
    this.slots.clear();
  }
}
