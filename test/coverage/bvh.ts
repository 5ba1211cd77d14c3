import { BoxGeometry, type BufferGeometry, DoubleSide, ExtrudeGeometry, Ray, Shape, Vector2, Vector3 } from "three";
import { mergeGeometries } from "three/examples/jsm/utils/BufferGeometryUtils.js";
import { MeshBVH } from "three-mesh-bvh";
import type { CampusModel } from "../../server/contracts/campus";
import type { CoverageCamera } from "../../server/contracts/coverage";
import { MOUNT_CLEARANCE_M, prepareCamera, type PreparedCamera } from "../../server/coverage/camera";
import type { CoverageEngine } from "../../server/coverage/engine";
import type { CoverageGrid } from "../../server/coverage/grid";
import { createPrng } from "../../server/campus/prng";
import { obstaclesOf } from "../../server/coverage/scene";

// The independent method of issue 7: exact triangle-mesh raycasts (three-mesh-bvh) against the
// same buildings and walls, in ENU coordinates (x east, y north, z up). Only occlusion is
// compared: both sides decide frustum and range with the same formula.

export function buildBvh(model: CampusModel, wallHeightM: number): MeshBVH {
  const parts: BufferGeometry[] = [];
  for (const o of obstaclesOf(model, wallHeightM)) {
    if (o.kind === "building") {
      const shape = new Shape(o.line.map(([e, n]) => new Vector2(e, n)));
      parts.push(nonIndexed(new ExtrudeGeometry(shape, { depth: o.heightM, bevelEnabled: false })));
      continue;
    }
    for (let k = 0; k + 1 < o.line.length; k++) {
      const [a, b] = [o.line[k]!, o.line[k + 1]!];
      const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
      if (len === 0) continue;
      const box = new BoxGeometry(len, Math.max(o.widthM, 0.05), o.heightM);
      box.rotateZ(Math.atan2(b[1] - a[1], b[0] - a[0]));
      box.translate((a[0] + b[0]) / 2, (a[1] + b[1]) / 2, o.heightM / 2);
      parts.push(nonIndexed(box));
    }
  }
  for (const p of parts) { p.deleteAttribute("uv"); p.deleteAttribute("normal"); p.clearGroups(); }
  const merged = mergeGeometries(parts, false);
  if (!merged) throw new Error("Invariant: obstacle geometries could not be merged");
  return new MeshBVH(merged);
}

function nonIndexed(g: BufferGeometry): BufferGeometry {
  return g.index ? g.toNonIndexed() : g;
}

export interface Pair { cam: number; cell: number; planDistM: number }

/** Whether the cell centre (at target height) is inside the camera's frustum and range. */
function eligible(grid: CoverageGrid, p: PreparedCamera, cell: number, targetHeightM: number): number {
  const s = grid.cellSizeM;
  const de = ((cell % grid.width) + 0.5 - p.gx) * s, dn = (Math.floor(cell / grid.width) + 0.5 - p.gy) * s;
  const plan = Math.hypot(de, dn);
  if (plan < 1.5 || plan > p.reachCells * s || grid.solid[cell] === 1) return -1;
  const dz = targetHeightM - p.eyeM;
  const a = p.fe * de + p.fn * dn + p.fu * dz, b = p.re * de + p.rn * dn + p.ru * dz, c = p.ue * de + p.un * dn + p.uu * dz;
  if (a <= 0 || Math.abs(b) > a * p.tanHalfH || Math.abs(c) > a * p.tanHalfV) return -1;
  return plan;
}

/** Random (camera, cell) pairs inside frustum and range, on open ground. */
export function samplePairs(grid: CoverageGrid, cameras: readonly CoverageCamera[], targetHeightM: number,
  count: number, seed = 11): Pair[] {
  const rng = createPrng(seed);
  const prepared = cameras.map((c) => prepareCamera(c, grid, targetHeightM));
  const pairs: Pair[] = [];
  for (let tries = 0; pairs.length < count && tries < count * 200; tries++) {
    const cam = rng.int(0, cameras.length - 1);
    const p = prepared[cam]!;
    const r = p.reachCells;
    const col = Math.floor(p.gx + rng.range(-r, r)), row = Math.floor(p.gy + rng.range(-r, r));
    if (col < 0 || row < 0 || col >= grid.width || row >= grid.height) continue;
    const cell = row * grid.width + col;
    const planDistM = eligible(grid, p, cell, targetHeightM);
    if (planDistM > 0) pairs.push({ cam, cell, planDistM });
  }
  return pairs;
}

/** Engine verdicts (visible?) for the pairs, read from the cameras' contributions. */
export function engineVerdicts(engine: CoverageEngine, cameras: readonly CoverageCamera[], pairs: readonly Pair[]): boolean[] {
  const wanted = new Map<number, Map<number, number[]>>();
  pairs.forEach((p, i) => {
    const m = wanted.get(p.cam) ?? new Map<number, number[]>();
    m.set(p.cell, [...(m.get(p.cell) ?? []), i]);
    wanted.set(p.cam, m);
  });
  const out = pairs.map(() => false);
  for (const [cam, cells] of wanted) {
    for (const cell of engine.cellsOf(cameras[cam]!.id).cells) for (const i of cells.get(cell) ?? []) out[i] = true;
  }
  return out;
}

/** Raycast verdicts: visible when no triangle lies between the mount clearance and the target. */
export function bvhVerdicts(bvh: MeshBVH, grid: CoverageGrid, cameras: readonly CoverageCamera[], pairs: readonly Pair[],
  targetHeightM: number): boolean[] {
  const ray = new Ray();
  const target = new Vector3();
  return pairs.map(({ cam, cell, planDistM }) => {
    const c = cameras[cam]!;
    ray.origin.set(c.position[0], c.position[1], c.position[2]);
    target.set(grid.originE + ((cell % grid.width) + 0.5) * grid.cellSizeM,
      grid.originN + (Math.floor(cell / grid.width) + 0.5) * grid.cellSizeM, targetHeightM);
    const len = target.distanceTo(ray.origin);
    ray.direction.copy(target).sub(ray.origin).divideScalar(len);
    const near = (MOUNT_CLEARANCE_M * len) / planDistM;
    return bvh.raycastFirst(ray, DoubleSide, near, len) === null;
  });
}
