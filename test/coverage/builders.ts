import type { Building, CampusModel, CameraOptics, Device, PathSegment, Zone } from "../../server/contracts/campus";
import type { CoverageCamera } from "../../server/contracts/coverage";
import type { LineM } from "../../server/contracts/geometry";
import { createPrng } from "../../server/campus/prng";

// Builders for hand-made coverage scenes (tests) and the synthetic 1 km² benchmark campus.

export function optics(over: Partial<CameraOptics> = {}): CameraOptics {
  return { yawDeg: 0, pitchDeg: -20, rollDeg: 0, hfovDeg: 90, vfovDeg: 50, resolutionW: 2560, resolutionH: 1440, rangeM: 60, ...over };
}

export function camera(id: string, e: number, n: number, up: number, over: Partial<CameraOptics> = {}): CoverageCamera {
  return { id, name: id, model: null, position: [e, n, up], optics: optics(over) };
}

export function cameraDevice(cam: CoverageCamera): Device {
  return {
    id: cam.id, kind: "camera", protocol: "gb28181", externalId: cam.id, name: cam.name, buildingId: null, floor: 0,
    position: cam.position, optics: cam.optics, polyline: null, parentId: null, model: cam.model, manufacturer: null,
    status: "online", attrs: {},
  };
}

export function rect(e0: number, n0: number, e1: number, n1: number): LineM {
  return [[e0, n0], [e1, n0], [e1, n1], [e0, n1]];
}

export function building(id: string, footprint: LineM, heightM: number): Building {
  return { id, name: id, kind: "teaching", footprint, heightM, floors: Math.max(1, Math.round(heightM / 3.5)) };
}

export function wall(id: string, line: LineM, widthM = 0.3): PathSegment {
  return { id, kind: "wall", name: null, line, widthM, fromNode: null, toNode: null };
}

export function zone(id: string, kind: Zone["kind"], polygon: LineM, buildingId: string | null = null): Zone {
  return { id, name: id, kind, polygon, floor: 0, ownerDept: null, gridId: null, buildingId, densityLimitPerM2: null };
}

export function campus(parts: { sizeM: number; buildings?: Building[]; zones?: Zone[]; paths?: PathSegment[]; cameras?: CoverageCamera[] }): CampusModel {
  return {
    id: "test-campus", name: "Test campus", origin: { latDeg: 30, lonDeg: 120, altM: 0 }, timeZone: "Asia/Shanghai",
    source: "generated", attribution: null, boundary: rect(0, 0, parts.sizeM, parts.sizeM),
    buildings: parts.buildings ?? [], zones: parts.zones ?? [], paths: parts.paths ?? [],
    devices: (parts.cameras ?? []).map(cameraDevice),
  };
}

/**
 * The benchmark scene of issue 7: a square campus of `sizeM` with `buildings` rectangular
 * blocks (12–60 m sides, 6–30 m high) on a jittered lattice and `cameras` cameras, half on
 * building corners at 4–8 m, half on 6 m poles in the open, ranges 30–80 m.
 */
export function syntheticCampus(sizeM: number, buildingCount: number, cameraCount: number, seed = 7): CampusModel {
  const rng = createPrng(seed);
  const buildings: Building[] = [];
  const perSide = Math.ceil(Math.sqrt(buildingCount));
  const pitch = sizeM / perSide;
  for (let i = 0; i < buildingCount; i++) {
    const cx = ((i % perSide) + 0.5) * pitch + rng.range(-0.15, 0.15) * pitch;
    const cy = (Math.floor(i / perSide) + 0.5) * pitch + rng.range(-0.15, 0.15) * pitch;
    const w = rng.range(12, Math.min(60, pitch * 0.6)), d = rng.range(12, Math.min(40, pitch * 0.6));
    buildings.push(building(`b${i}`, rect(cx - w / 2, cy - d / 2, cx + w / 2, cy + d / 2), rng.range(6, 30)));
  }
  const cameras: CoverageCamera[] = [];
  for (let i = 0; i < cameraCount; i++) {
    const lens = { hfovDeg: rng.range(40, 100), rangeM: rng.range(30, 80), pitchDeg: rng.range(-35, -8) };
    if (i % 2 === 0) {
      const b = buildings[i % buildings.length]!;
      const corner = b.footprint[rng.int(0, 3)]!;
      const [cx, cy] = [(b.footprint[0]![0] + b.footprint[2]![0]) / 2, (b.footprint[0]![1] + b.footprint[2]![1]) / 2];
      const out = Math.atan2(corner[0] - cx, corner[1] - cy) * (180 / Math.PI); // bearing away from the block
      const e = corner[0] + Math.sign(corner[0] - cx) * 0.3, n = corner[1] + Math.sign(corner[1] - cy) * 0.3;
      cameras.push(camera(`c${i}`, e, n, rng.range(4, 8), { ...lens, yawDeg: out + rng.range(-40, 40) }));
    } else {
      cameras.push(camera(`c${i}`, rng.range(5, sizeM - 5), rng.range(5, sizeM - 5), 6, { ...lens, yawDeg: rng.range(0, 360) }));
    }
  }
  const paths = [wall("perimeter", [...rect(0, 0, sizeM, sizeM), [0, 0]])];
  return campus({ sizeM, buildings, paths, cameras });
}
