import type { CampusModel } from "../../contracts/campus";
import type { GeoOrigin } from "../../contracts/geometry";
import { createLocalFrame } from "../coordinates";
import { createPrng } from "../prng";
import { dist } from "../plane";
import { campusName, GeneratorError, generateCampus } from "./campus";
import type { GeneratedSize } from "./sizes";

// generateCity: N campuses around a city centre for the district/city view (R-8.1), each with
// its own id, name, origin and campus number (so external ids never collide across campuses).

export interface GenerateCityOptions {
  seed: number;
  count: number;
  center: GeoOrigin;
  size?: GeneratedSize;
  /** Campus origins lie this far from the centre (km). */
  radiusKm?: [number, number];
}

/** Campuses closer than this would overlap on the map. */
export const MIN_CAMPUS_SEPARATION_M = 3000;

export function generateCity(opts: GenerateCityOptions): CampusModel[] {
  if (!Number.isInteger(opts.count) || opts.count < 1 || opts.count > 99) {
    throw new GeneratorError(`city count must be an integer 1..99, got ${opts.count}`);
  }
  const prng = createPrng(opts.seed).fork("city");
  const frame = createLocalFrame(opts.center);
  const [minKm, maxKm] = opts.radiusKm ?? [3, 8 + 2 * Math.sqrt(opts.count)];
  const spots: [number, number][] = [];
  const names = new Set<string>();
  const out: CampusModel[] = [];
  for (let i = 0; i < opts.count; i++) {
    let spot: [number, number] | undefined;
    for (let attempt = 0; attempt < 500 && !spot; attempt++) {
      const r = 1000 * prng.range(minKm, maxKm), a = prng.range(0, 2 * Math.PI);
      const p: [number, number] = [r * Math.cos(a), r * Math.sin(a)];
      if (spots.every((q) => dist(p, q) >= MIN_CAMPUS_SEPARATION_M)) spot = p;
    }
    if (!spot) throw new GeneratorError(`cannot fit ${opts.count} campuses ${MIN_CAMPUS_SEPARATION_M} m apart within ${maxKm} km`);
    spots.push(spot);
    let name = campusName(prng);
    for (let k = 2; names.has(name); k++) name = `${campusName(prng)}${k > 20 ? `（第${k}校区）` : ""}`;
    names.add(name);
    const geo = frame.toGeo(spot[0], spot[1], 0);
    const origin = { latDeg: round7(geo.latDeg), lonDeg: round7(geo.lonDeg), altM: opts.center.altM ?? 0 };
    out.push(generateCampus({
      seed: opts.seed * 1000 + i + 1, size: opts.size ?? "default", origin, name, id: `city-${opts.seed}-${i + 1}`, campusNo: i + 1,
    }));
  }
  return out;
}

const round7 = (v: number) => Math.round(v * 1e7) / 1e7;
