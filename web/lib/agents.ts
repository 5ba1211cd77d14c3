// Moving people and vehicles as flat typed arrays (no objects per agent): each agent glides from
// its previous to its latest reported position over `glideMs`, so the view moves smoothly between
// position updates. The scene writes interpolated positions straight into instance matrices each
// frame (Agents.tsx); nothing here allocates after construction except the key → slot map.

export const AGENT_PERSON = 0;
export const AGENT_VEHICLE = 1;
export type AgentKind = typeof AGENT_PERSON | typeof AGENT_VEHICLE;

export class AgentBuffer {
  readonly capacity: number;
  count = 0;
  /** Bumped when agents are added or removed (instance counts change). */
  version = 0;
  readonly kind: Uint8Array;
  /** (east, north) pairs in metres: where the glide starts and ends. */
  readonly from: Float32Array;
  readonly to: Float32Array;
  readonly startMs: Float64Array;
  readonly glideMs: Float32Array;
  /** When the last glide ends: the view keeps animating until then. */
  busyUntilMs = 0;
  private readonly slots = new Map<string, number>();
  private readonly keys: string[] = [];

  constructor(capacity: number) {
    this.capacity = capacity;
    this.kind = new Uint8Array(capacity);
    this.from = new Float32Array(capacity * 2);
    this.to = new Float32Array(capacity * 2);
    this.startMs = new Float64Array(capacity);
    this.glideMs = new Float32Array(capacity);
  }

  /** A new position report for `key`; a full buffer drops the report (and says so). */
  report(key: string, kind: AgentKind, eastM: number, northM: number, nowMs: number, glideMs: number): boolean {
    let i = this.slots.get(key);
    if (i === undefined) {
      if (this.count >= this.capacity) return false;
      i = this.count++;
      this.slots.set(key, i);
      this.keys[i] = key;
      this.kind[i] = kind;
      this.from[i * 2] = eastM;
      this.from[i * 2 + 1] = northM;
      this.version++;
    } else {
      // Start the new glide from where the agent is drawn now, so a early report never jumps.
      this.positionInto(i, nowMs, this.from, i * 2);
    }
    this.to[i * 2] = eastM;
    this.to[i * 2 + 1] = northM;
    this.startMs[i] = nowMs;
    this.glideMs[i] = Math.max(glideMs, 1);
    this.busyUntilMs = Math.max(this.busyUntilMs, nowMs + glideMs);
    return true;
  }

  /** Writes the interpolated (east, north) of agent i at `nowMs` into out[offset], out[offset + 1]. */
  positionInto(i: number, nowMs: number, out: Float32Array, offset: number): void {
    const t = Math.min(Math.max((nowMs - this.startMs[i]!) / this.glideMs[i]!, 0), 1);
    const fe = this.from[i * 2]!;
    const fn = this.from[i * 2 + 1]!;
    out[offset] = fe + (this.to[i * 2]! - fe) * t;
    out[offset + 1] = fn + (this.to[i * 2 + 1]! - fn) * t;
  }

  keyAt(i: number): string | undefined {
    return this.keys[i];
  }

  clear(): void {
    this.count = 0;
    this.slots.clear();
    this.keys.length = 0;
    this.version++;
  }
}
