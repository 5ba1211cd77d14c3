import type { DeviceAction } from "./actions";
import type { ActionSink, ProblemReporter } from "./sink";

// Plays a sorted action stream in (accelerated) real time: an action at simulated time t is
// sent at wall time start + (t - simStart) / speed. Actions due at the same moment are sent
// concurrently (bounded), each to the first sink that handles it. Devices stamp their
// messages with the simulated time at 1× (live campus) and with the wall clock when
// accelerated, so the server's clock-drift checks stay meaningful.

export interface PlayOptions {
  /** 1..600 (a school day in minutes at 600×). */
  speed: number;
  simStartMs: number;
  /** Device timestamps: "simulated" time or the "wall" clock; default simulated at 1×, wall above. */
  stamp?: "simulated" | "wall";
  maxInFlight?: number;
  /** Wall time that `simStartMs` maps to (default: now); lets consecutive windows share one time base. */
  wallStartMs?: number;
  signal?: AbortSignal;
  onProblem?: ProblemReporter;
  now?: () => number;
}

export interface PlayStats {
  sent: number;
  failed: number;
  unhandled: number;
}

export class PlayerError extends Error {
  override name = "PlayerError";
}

export async function playActions(actions: readonly DeviceAction[], sinks: readonly ActionSink[], o: PlayOptions): Promise<PlayStats> {
  if (!(o.speed >= 1 && o.speed <= 600)) throw new PlayerError(`speed must be 1..600, got ${o.speed}`);
  const now = o.now ?? Date.now;
  const stamp = o.stamp ?? (o.speed === 1 ? "simulated" : "wall");
  const problem = o.onProblem ?? (() => undefined);
  const maxInFlight = o.maxInFlight ?? 64;
  const wallStartMs = o.wallStartMs ?? now();
  const stats: PlayStats = { sent: 0, failed: 0, unhandled: 0 };
  const inFlight = new Set<Promise<void>>();

  for (const a of actions) {
    if (o.signal?.aborted) break;
    const dueMs = wallStartMs + (a.atMs - o.simStartMs) / o.speed;
    const waitMs = dueMs - now();
    if (waitMs > 1) await sleep(waitMs, o.signal);
    if (o.signal?.aborted) break;
    const sink = sinks.find((s) => s.handles(a));
    if (!sink) {
      stats.unhandled++;
      continue;
    }
    while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    const at = new Date((stamp === "simulated" ? a.atMs : now()) + a.clockSkewMs);
    const p = sink.send(a, at).then(
      () => void stats.sent++,
      (err: unknown) => {
        stats.failed++;
        problem(`${sink.name}:${a.device.id}`, err instanceof Error ? err.message : String(err));
      },
    ).finally(() => inFlight.delete(p));
    inFlight.add(p);
  }
  await Promise.all(inFlight);
  return stats;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, Math.min(ms, 2_147_000_000));
    function done() {
      signal?.removeEventListener("abort", done);
      clearTimeout(t);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
