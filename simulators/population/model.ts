import { createPrng, hash32 } from "../../server/campus/prng";
import type { CampusModel } from "../../server/contracts/campus";
import { compareActions, type DeviceAction } from "./actions";
import { indexCampus, type CampusIndex } from "./campus-index";
import { applyFault, emitElectricalFire, stairCrowdingKey, type Fault } from "./faults";
import { densityKey, emitDensity, emitPatrols, emitSensors, emitVehicles } from "./routine";
import { buildPeople, buildVisitingVehicles, DEFAULT_POPULATION, type PopulationSize } from "./schedule";
import { walkPeople, type Emit } from "./walk";

// The population model: a pure function of (campus, seed, day, options) producing the day's
// device actions in time order. No clocks, no I/O, no Math.random — the same seed gives the
// same day on every machine; the player (player.ts) only schedules what this returns.

export interface PopulationOptions {
  seed: number;
  /** Campus-local calendar day, "YYYY-MM-DD". */
  date: string;
  size?: Partial<PopulationSize>;
  guards?: number;
  faults?: readonly Fault[];
}

export interface SimulatedDay {
  dayStartMs: number;
  dayEndMs: number;
  actions: DeviceAction[];
}

/** Offset of `timeZone` from UTC at `utcMs`, in minutes (Asia/Shanghai: +480). */
export function tzOffsetMin(timeZone: string, utcMs: number): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
  }).formatToParts(new Date(utcMs));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60_000);
}

/** Epoch ms of local midnight starting `date` in the campus time zone. */
export function localMidnightMs(date: string, timeZone: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new Error(`Invalid date "${date}" (expected YYYY-MM-DD)`);
  const utcMidnight = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return utcMidnight - tzOffsetMin(timeZone, utcMidnight) * 60_000;
}

const indexCache = new WeakMap<CampusModel, CampusIndex>();

export function simulateDay(campus: CampusModel, opts: PopulationOptions): SimulatedDay {
  let ix = indexCache.get(campus);
  if (!ix) indexCache.set(campus, (ix = indexCampus(campus)));
  const dayStartMs = localMidnightMs(opts.date, campus.timeZone);
  const dayEndMs = dayStartMs + 86_400_000;
  const root = createPrng(hash32(`${campus.id}|${opts.date}`, opts.seed >>> 0));
  const size = { ...DEFAULT_POPULATION, ...opts.size };
  const raw: DeviceAction[] = [];
  const emit: Emit = (a) => void raw.push({ ...a, n: 0, clockSkewMs: 0 });

  const people = buildPeople(ix, size, root.fork("people"), dayStartMs);
  const occ = walkPeople(ix, people, root.fork("walk"), emit);
  const faults = [...(opts.faults ?? [])].sort((a, b) => a.atMs - b.atMs);
  const faultPrng = root.fork("faults");
  for (const f of faults) {
    if (f.type !== "stair_crowding") continue;
    const w = stairCrowdingKey(ix, f, faultPrng);
    // The crowd arrives over the first third and clears over the rest (a dismissal jam).
    const list = occ.intervals.get(densityKey(w)) ?? [];
    for (let i = 0; i < f.people; i++) {
      const start = f.atMs + (f.durationMs / 3) * (i / f.people);
      list.push([start, start + f.durationMs * (0.6 + 0.4 * ((i * 7919) % f.people) / f.people)]);
    }
    occ.intervals.set(densityKey(w), list);
  }
  emitDensity(ix, occ, dayStartMs, dayEndMs, root.fork("density"), emit);
  emitPatrols(ix, opts.guards ?? Math.max(1, Math.min(4, Math.ceil(ix.checkpoints.length / 15))), dayStartMs, root.fork("patrol"), emit);
  emitSensors(ix, dayStartMs, root.fork("sensors"), emit);
  emitVehicles(ix, buildVisitingVehicles(ix, size.otherVehicles, root.fork("vehicles"), dayStartMs), emit);

  const offline: Array<{ deviceId: string; fromMs: number; toMs: number }> = [];
  const drift: Array<{ deviceId: string; fromMs: number; driftMs: number }> = [];
  for (const f of faults) {
    if (f.type === "electrical_fire") emitElectricalFire(ix, f, faultPrng, emit);
    const r = applyFault(ix, f, faultPrng, emit);
    if (r.offline) offline.push(r.offline);
    if (r.drift) drift.push(r.drift);
  }

  raw.forEach((a, i) => (a.n = i));
  const actions = raw
    .filter((a) => a.atMs >= dayStartMs && a.atMs < dayEndMs)
    .filter((a) => a.type === "status" || !offline.some((o) => o.deviceId === a.device.id && a.atMs >= o.fromMs && a.atMs < o.toMs))
    .map((a) => {
      const d = drift.filter((x) => x.deviceId === a.device.id && a.atMs >= x.fromMs).pop();
      return d ? { ...a, clockSkewMs: d.driftMs } : a;
    })
    .sort(compareActions);
  return { dayStartMs, dayEndMs, actions };
}

/** Actions with `fromMs <= atMs < toMs`, across day boundaries (each day seeded by its date). */
export function simulateWindow(campus: CampusModel, opts: Omit<PopulationOptions, "date">, fromMs: number, toMs: number): DeviceAction[] {
  const out: DeviceAction[] = [];
  for (let t = fromMs; t < toMs; ) {
    const offsetMs = tzOffsetMin(campus.timeZone, t) * 60_000;
    const date = new Date(t + offsetMs).toISOString().slice(0, 10);
    const day = simulateDay(campus, { ...opts, date });
    for (const a of day.actions) if (a.atMs >= fromMs && a.atMs < toMs) out.push(a);
    t = day.dayEndMs;
  }
  return out;
}
