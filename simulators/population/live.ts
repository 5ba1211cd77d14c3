import type { CampusModel } from "../../server/contracts/campus";
import type { Fault } from "./faults";
import type { DeviceAction } from "./actions";
import { simulateDay, tzOffsetMin, type SimulatedDay } from "./model";
import { playActions, type PlayStats } from "./player";
import type { PopulationSize } from "./schedule";
import type { ActionSink, ProblemReporter } from "./sink";

// The population running continuously (what `npm start` runs at 1× so the twin is alive when
// it opens): the model is asked for one window of simulated time at a time and the player
// plays it; windows follow each other without gaps, so a run can last for days.

export interface LivePopulationOptions {
  campus: CampusModel;
  sinks: readonly ActionSink[];
  seed: number;
  speed?: number;
  /** Simulated start; default now. */
  simStartMs?: number;
  /** Stop after this much simulated time; default forever. */
  simDurationMs?: number;
  size?: Partial<PopulationSize>;
  guards?: number;
  faults?: readonly Fault[];
  onProblem?: ProblemReporter;
  now?: () => number;
}

export interface LivePopulation {
  /** Resolves when the run ends (duration reached or stopped). */
  readonly done: Promise<PlayStats>;
  stop(): Promise<PlayStats>;
}

const WINDOW_MS = 10 * 60_000;

function sliceWindow(actions: readonly DeviceAction[], fromMs: number, toMs: number): DeviceAction[] {
  let lo = 0, hi = actions.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (actions[mid]!.atMs < fromMs) lo = mid + 1;
    else hi = mid;
  }
  const out: DeviceAction[] = [];
  for (let i = lo; i < actions.length && actions[i]!.atMs < toMs; i++) out.push(actions[i]!);
  return out;
}

export function startLivePopulation(o: LivePopulationOptions): LivePopulation {
  const now = o.now ?? Date.now;
  const speed = o.speed ?? 1;
  const abort = new AbortController();
  const total: PlayStats = { sent: 0, failed: 0, unhandled: 0 };
  const simStartMs = o.simStartMs ?? now();
  const endMs = o.simDurationMs === undefined ? Infinity : simStartMs + o.simDurationMs;

  const done = (async () => {
    const wallStartMs = now();
    let day: SimulatedDay | null = null;
    for (let from = simStartMs; from < endMs && !abort.signal.aborted; ) {
      const windowEnd = Math.min(endMs, from + WINDOW_MS);
      if (!day || from >= day.dayEndMs) {
        const date = new Date(from + tzOffsetMin(o.campus.timeZone, from) * 60_000).toISOString().slice(0, 10);
        day = simulateDay(o.campus, { seed: o.seed, date, size: o.size, guards: o.guards, faults: o.faults });
      }
      const to = Math.min(windowEnd, day.dayEndMs);
      const actions = sliceWindow(day.actions, from, to);
      // Every window shares the run's time base, so windows add no drift.
      const s = await playActions(actions, o.sinks, { speed, simStartMs, wallStartMs, signal: abort.signal, onProblem: o.onProblem, now });
      total.sent += s.sent;
      total.failed += s.failed;
      total.unhandled += s.unhandled;
      from = to;
    }
    return total;
  })();

  return {
    done,
    async stop() {
      abort.abort();
      return done;
    },
  };
}
