import { z } from "zod";
import type { Prng } from "../../server/campus/prng";
import type { CampusIndex } from "./campus-index";
import type { Emit } from "./walk";

// Faults and incidents on demand (issue 4: device offline, clock drift, a burst of bad frames,
// a watchlist face at the gate, a watchlisted vehicle, a forced door after hours) plus the
// scenario incidents (fence intrusion, stair crowding, electrical fire). Each is data, so a
// scenario file lists them; `device` may name a Device.id or externalId, or be left out to
// let the model choose one deterministically from the seed.

const at = z.number().int();
export const ZFault = z.discriminatedUnion("type", [
  z.object({ type: z.literal("device_offline"), atMs: at, durationMs: z.number().int().positive(), device: z.string().optional(), kind: z.string().optional() }),
  z.object({ type: z.literal("clock_drift"), atMs: at, driftMs: z.number().int(), device: z.string().optional(), kind: z.string().optional() }),
  z.object({ type: z.literal("bad_frames"), atMs: at, count: z.number().int().positive().default(10), device: z.string().optional(), kind: z.string().optional() }),
  z.object({ type: z.literal("watchlist_face"), atMs: at, personId: z.string().default("WL-0001"), device: z.string().optional() }),
  z.object({ type: z.literal("watchlist_vehicle"), atMs: at, plate: z.string().default("沪A9X999"), device: z.string().optional() }),
  z.object({ type: z.literal("forced_door"), atMs: at, device: z.string().optional() }),
  z.object({ type: z.literal("fence_intrusion"), atMs: at, device: z.string().optional() }),
  z.object({ type: z.literal("stair_crowding"), atMs: at, durationMs: z.number().int().positive().default(300_000), people: z.number().int().positive().default(400), device: z.string().optional() }),
  z.object({ type: z.literal("electrical_fire"), atMs: at, device: z.string().optional() }),
]);
export type Fault = z.infer<typeof ZFault>;
export type FaultInput = z.input<typeof ZFault>;

export class FaultError extends Error {
  override name = "FaultError";
}

function pickDevice(ix: CampusIndex, ref: string | undefined, kinds: readonly string[], prng: Prng, what: string) {
  const candidates = ix.campus.devices.filter((d) => kinds.includes(d.kind)).sort((a, b) => (a.id < b.id ? -1 : 1));
  if (ref) {
    const d = candidates.find((c) => c.id === ref || c.externalId === ref);
    if (!d) throw new FaultError(`${what}: no ${kinds.join("/")} device "${ref}" on campus ${ix.campus.id}`);
    return d;
  }
  if (candidates.length === 0) throw new FaultError(`${what}: campus ${ix.campus.id} has no ${kinds.join("/")} device`);
  return prng.pick(candidates);
}

const ANY_KIND = ["access_door", "density_camera", "patrol_checkpoint", "smoke_sensor", "electric_fire_sensor", "face_camera", "lpr_camera", "camera", "fence_host", "alarm_panel"];

/** Adds the actions a fault causes; returns the device-state changes that filter the rest. */
export function applyFault(ix: CampusIndex, f: Fault, prng: Prng, emit: Emit): {
  offline?: { deviceId: string; fromMs: number; toMs: number };
  drift?: { deviceId: string; fromMs: number; driftMs: number };
} {
  switch (f.type) {
    case "device_offline": {
      const d = pickDevice(ix, f.device, f.kind ? [f.kind] : ANY_KIND, prng, f.type);
      emit({ atMs: f.atMs, device: d, type: "status", status: "offline" });
      emit({ atMs: f.atMs + f.durationMs, device: d, type: "status", status: "online" });
      return { offline: { deviceId: d.id, fromMs: f.atMs, toMs: f.atMs + f.durationMs } };
    }
    case "clock_drift":
      return { drift: { deviceId: pickDevice(ix, f.device, f.kind ? [f.kind] : ANY_KIND, prng, f.type).id, fromMs: f.atMs, driftMs: f.driftMs } };
    case "bad_frames":
      emit({ atMs: f.atMs, device: pickDevice(ix, f.device, f.kind ? [f.kind] : ["access_door"], prng, f.type), type: "bad_frame", count: f.count });
      return {};
    case "watchlist_face":
      emit({ atMs: f.atMs, device: pickDevice(ix, f.device, ["face_camera"], prng, f.type), type: "face", personId: f.personId, watchlist: true, direction: "in" });
      return {};
    case "watchlist_vehicle": {
      const gate = ix.vehicleGates[0];
      const lane = f.device ? pickDevice(ix, f.device, ["lpr_camera"], prng, f.type) : (gate && ix.lprAt(gate.id).in) ?? pickDevice(ix, undefined, ["lpr_camera"], prng, f.type);
      emit({ atMs: f.atMs, device: lane, type: "lpr", plate: f.plate, watchlist: true, direction: "in" });
      return {};
    }
    case "forced_door":
      emit({ atMs: f.atMs, device: pickDevice(ix, f.device, ["access_door"], prng, f.type), type: "access", outcome: "forced", personId: null, cardNo: null, direction: "in" });
      return {};
    case "fence_intrusion": {
      const seg = pickDevice(ix, f.device, ["fence_segment"], prng, f.type);
      emit({ atMs: f.atMs, device: seg, type: "fence_alarm", zone: Number(seg.attrs.zone ?? 1) });
      const cam = nearest(ix.cameras, seg.position);
      if (cam) emit({ atMs: f.atMs + 2_000, device: cam, type: "camera_alarm", alarmType: "line_crossing" });
      return {};
    }
    case "stair_crowding":
    case "electrical_fire":
      return {}; // handled by the model: they change counts and readings, not single actions
  }
}

export function nearest<T extends { position: readonly [number, number, number] }>(list: readonly T[], p: readonly number[]): T | null {
  let best: T | null = null, bestM = Infinity;
  for (const d of list) {
    const m = Math.hypot(d.position[0] - p[0]!, d.position[1] - p[1]!);
    if (m < bestM) [best, bestM] = [d, m];
  }
  return best;
}

/** An electrical fire in a dorm: the monitor's temperature and residual current climb, then smoke. */
export function emitElectricalFire(ix: CampusIndex, f: Extract<Fault, { type: "electrical_fire" }>, prng: Prng, emit: Emit): void {
  const monitor = pickDevice(ix, f.device, ["electric_fire_sensor"], prng, f.type);
  for (let k = 0; k <= 8; k++) {
    emit({ atMs: f.atMs + k * 30_000, device: monitor, type: "electric", residualCurrentMa: 40 + k * 70, temperatureC: 35 + k * 12 });
  }
  const sameFloor = ix.smoke.filter((s) => s.buildingId === monitor.buildingId && s.floor === monitor.floor);
  const smoke = nearest(sameFloor.length ? sameFloor : ix.smoke, monitor.position);
  if (smoke) emit({ atMs: f.atMs + 5 * 60_000, device: smoke, type: "smoke", state: "alarm" });
}

export function stairCrowdingKey(ix: CampusIndex, f: Extract<Fault, { type: "stair_crowding" }>, prng: Prng) {
  const stairs = ix.density.filter((w) => w.watches.kind === "stairs");
  const w = f.device ? stairs.find((s) => s.device.id === f.device || s.device.externalId === f.device || s.zone.id === f.device) : prng.pick(stairs);
  if (!w) throw new FaultError(`stair_crowding: no stair density camera ${f.device ?? ""} on campus ${ix.campus.id}`);
  return w;
}

