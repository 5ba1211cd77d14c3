import type { Prng } from "../../server/campus/prng";
import type { CampusIndex, DensityWatch } from "./campus-index";
import type { Occupancy, Emit } from "./walk";
import type { buildVisitingVehicles } from "./schedule";

// The parts of the day that are not people walking to class: density cameras reporting
// counts on a fixed interval, guards walking patrol rounds and checking in, electrical-fire
// monitors reporting readings, and vehicles (deliveries, taxis) through the LPR lanes.

export const DENSITY_INTERVAL_MS = 60_000;
const ELECTRIC_INTERVAL_MS = 15 * 60_000;
const PATROL_ROUND_EVERY_MS = 2 * 3600_000;
const GUARD_SPEED_MPS = 1.1;
const CHECKIN_DWELL_MS = 30_000;

export function densityKey(w: DensityWatch): string {
  if (w.watches.kind === "stairs") return `stairs:${w.watches.buildingId}`;
  if (w.watches.kind === "building") return `building:${w.watches.buildingId}`;
  return `node:${w.watches.node}`;
}

/** Count of intervals covering each sample time, by a sweep over sorted starts and ends. */
function sampleCounts(intervals: ReadonlyArray<[number, number]>, times: readonly number[]): number[] {
  const starts = intervals.map((i) => i[0]).sort((a, b) => a - b);
  const ends = intervals.map((i) => i[1]).sort((a, b) => a - b);
  let s = 0, e = 0;
  return times.map((t) => {
    while (s < starts.length && starts[s]! <= t) s++;
    while (e < ends.length && ends[e]! <= t) e++;
    return s - e;
  });
}

export function emitDensity(ix: CampusIndex, occ: Occupancy, dayStartMs: number, dayEndMs: number, prng: Prng, emit: Emit): void {
  const times: number[] = [];
  for (let t = dayStartMs + DENSITY_INTERVAL_MS; t <= dayEndMs; t += DENSITY_INTERVAL_MS) times.push(t);
  for (const w of ix.density) {
    const key = densityKey(w);
    const counts = sampleCounts(occ.intervals.get(key) ?? [], times);
    const crossings = [...(occ.crossings.get(key) ?? [])].sort((a, b) => a[0] - b[0]);
    let c = 0;
    times.forEach((t, i) => {
      let inCount = 0, outCount = 0;
      while (c < crossings.length && crossings[c]![0] <= t) {
        if (crossings[c]![1] > 0) inCount++;
        else outCount++;
        c++;
      }
      // Counting cameras miss or double-count a few people in a crowd (±5 %).
      const noisy = Math.max(0, Math.round(counts[i]! * prng.range(0.95, 1.05)));
      emit({ atMs: t, device: w.device, type: "density", zoneId: w.zone.id, count: noisy, areaM2: w.areaM2, inCount, outCount });
    });
  }
}

/** Checkpoints in walking order: nearest-neighbour tour from the first checkpoint by id. */
function patrolRoute(ix: CampusIndex) {
  const left = [...ix.checkpoints];
  const route = left.splice(0, 1);
  while (left.length) {
    const last = route[route.length - 1]!;
    const from = ix.graph.nearestNode([last.position[0], last.position[1]]);
    let best = 0, bestM = Infinity;
    left.forEach((d, i) => {
      const r = ix.graph.route(from, ix.graph.nearestNode([d.position[0], d.position[1]]));
      if (r && r.lengthM < bestM) [best, bestM] = [i, r.lengthM];
    });
    route.push(left.splice(best, 1)[0]!);
  }
  return route;
}

export function emitPatrols(ix: CampusIndex, guards: number, dayStartMs: number, prng: Prng, emit: Emit): void {
  const route = patrolRoute(ix);
  if (route.length === 0 || guards <= 0) return;
  const routeId = "R1";
  for (let g = 0; g < guards; g++) {
    const guardId = `G${String(g + 1).padStart(2, "0")}`;
    // Guards stagger their rounds so the campus is never long unwatched.
    for (let start = dayStartMs + 30 * 60_000 + (g * PATROL_ROUND_EVERY_MS) / guards; start < dayStartMs + 86_400_000; start += PATROL_ROUND_EVERY_MS) {
      let t = start + prng.range(0, 5 * 60_000);
      let prevNode: string | null = null;
      route.forEach((cp, i) => {
        const node = ix.graph.nearestNode([cp.position[0], cp.position[1]]);
        if (prevNode) t += ((ix.graph.route(prevNode, node)?.lengthM ?? 0) / GUARD_SPEED_MPS) * 1000;
        emit({ atMs: Math.round(t), device: cp, type: "patrol", guardId, routeId, order: i + 1 });
        t += CHECKIN_DWELL_MS;
        prevNode = node;
      });
    }
  }
}

export function emitSensors(ix: CampusIndex, dayStartMs: number, prng: Prng, emit: Emit): void {
  for (const d of ix.electric) {
    const offset = prng.range(0, ELECTRIC_INTERVAL_MS);
    for (let t = dayStartMs + offset; t < dayStartMs + 86_400_000; t += ELECTRIC_INTERVAL_MS) {
      emit({ atMs: Math.round(t), device: d, type: "electric", residualCurrentMa: Math.round(prng.range(15, 60)), temperatureC: Math.round(prng.range(24, 36) * 10) / 10 });
    }
  }
  // Smoke detectors send a daily supervision report (state normal) at a random minute.
  for (const d of ix.smoke) emit({ atMs: dayStartMs + Math.round(prng.range(0, 86_400_000)), device: d, type: "smoke", state: "normal" });
}

export function emitVehicles(ix: CampusIndex, vehicles: ReturnType<typeof buildVisitingVehicles>, emit: Emit): void {
  for (const v of vehicles) {
    const lanes = ix.lprAt(v.gate.id);
    if (lanes.in) emit({ atMs: v.inMs, device: lanes.in, type: "lpr", plate: v.plate, watchlist: false, direction: "in" });
    if (lanes.out) emit({ atMs: v.outMs, device: lanes.out, type: "lpr", plate: v.plate, watchlist: false, direction: "out" });
  }
}

