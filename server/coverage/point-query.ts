import type { CoverageCamera } from "../contracts/coverage";
import type { LinkedCamera } from "../contracts/linkage";
import { prepareCamera, type PreparedCamera } from "./camera";
import type { CoverageGrid } from "./grid";
import { QUANTA_PER_PX } from "./cell-words";
import { runQuanta } from "./runs";
import { createScratch, sweepCamera, type SweepScratch } from "./sweep";

// "Which cameras see this point?" (REQUIREMENTS video linkage). It answers with the very
// sweep the coverage planner runs (sweep.ts over the same height raster and camera frustum from
// camera.ts), so a point the planner calls covered is a point an alarm there links video for,
// and a camera behind a building counts for neither. Outdoor points are looked up in each
// candidate camera's visible-cell set (computed once per camera, cached); points inside a
// building (the raster has no interiors) fall back to same-building, same-floor cameras whose
// frustum and range hold the point.

export interface LinkageCamera extends CoverageCamera {
  buildingId: string | null;
  floor: number;
}

export interface PointQueryTarget {
  xM: number;
  yM: number;
  floor: number;
  /** Set when the point is inside a building (indoor device): the indoor method applies. */
  buildingId?: string | null;
}

export interface PointQueryOptions {
  /** Height of what must be seen at the point (m), as in the planner's analysis. */
  targetHeightM: number;
  /** When the point's own cell is an obstacle (a fence on a wall), open cells this near stand in for it. */
  searchRadiusM?: number;
  /** Visible-cell sets kept in memory (one per camera). */
  cacheSize?: number;
}

interface VisibleSet { cells: Int32Array; px: Float32Array }

export interface PointQuery {
  camerasSeeing(target: PointQueryTarget, limit?: number): LinkedCamera[];
  /** Drops cached visibility (cameras moved or the raster changed). */
  invalidate(): void;
}

const DEFAULT_SEARCH_RADIUS_M = 3;

export function createPointQuery(grid: CoverageGrid, cameras: readonly LinkageCamera[], opts: PointQueryOptions): PointQuery {
  const searchRadiusM = opts.searchRadiusM ?? DEFAULT_SEARCH_RADIUS_M;
  const cacheSize = opts.cacheSize ?? 512;
  const prepared = new Map<string, PreparedCamera>();
  const visible = new Map<string, VisibleSet>();
  let scratch: SweepScratch | null = null;

  const prep = (cam: LinkageCamera): PreparedCamera => {
    let p = prepared.get(cam.id);
    if (!p) prepared.set(cam.id, (p = prepareCamera(cam, grid, opts.targetHeightM)));
    return p;
  };

  const visibleSet = (cam: LinkageCamera): VisibleSet => {
    let v = visible.get(cam.id);
    if (v) return v;
    scratch ??= createScratch(grid);
    const p = prep(cam), r = sweepCamera(grid, p, scratch);
    const cells = new Int32Array(r.visible), quanta = new Int32Array(r.visible);
    runQuanta(grid, p, scratch.runs, 0, r.runs, null, cells, quanta);
    v = sortedSet(cells, Float32Array.from(quanta, (q) => q / QUANTA_PER_PX));
    if (visible.size >= cacheSize) visible.clear();
    visible.set(cam.id, v);
    return v;
  };

  function outdoor(target: PointQueryTarget): LinkedCamera[] {
    const cells = targetCells(grid, target.xM, target.yM, searchRadiusM);
    const out: LinkedCamera[] = [];
    if (cells.length === 0) return out;
    for (const cam of cameras) {
      const distanceM = Math.hypot(cam.position[0] - target.xM, cam.position[1] - target.yM);
      if (distanceM > cam.optics.rangeM + searchRadiusM) continue;
      const set = visibleSet(cam);
      let px = 0;
      for (const cell of cells) px = Math.max(px, lookup(set, cell));
      if (px <= 0) continue;
      const centrality = centralityOf(prep(cam), cam, target.xM, target.yM, opts.targetHeightM);
      out.push(linked(cam, distanceM, px, centrality, "raster"));
    }
    return out;
  }

  function indoor(target: PointQueryTarget): LinkedCamera[] {
    const out: LinkedCamera[] = [];
    for (const cam of cameras) {
      if (cam.buildingId !== target.buildingId || cam.floor !== target.floor) continue;
      const distanceM = Math.hypot(cam.position[0] - target.xM, cam.position[1] - target.yM);
      if (distanceM > cam.optics.rangeM) continue;
      const p = prep(cam);
      const img = imageCoords(p, cam, target.xM, target.yM, opts.targetHeightM);
      if (img === null || Math.abs(img.x) > 1 || Math.abs(img.y) > 1) continue;
      out.push(linked(cam, distanceM, p.pxScale / img.depthM, 1 - Math.max(Math.abs(img.x), Math.abs(img.y)), "indoor"));
    }
    return out;
  }

  return {
    camerasSeeing(target, limit = Infinity) {
      const found = target.buildingId ? indoor(target) : outdoor(target);
      found.sort((a, b) => b.score - a.score || a.distanceM - b.distanceM || a.deviceId.localeCompare(b.deviceId));
      return found.slice(0, limit).map((c, i) => ({ ...c, rank: i + 1 }));
    },
    invalidate() {
      prepared.clear();
      visible.clear();
    },
  };
}

function linked(cam: LinkageCamera, distanceM: number, pxPerM: number, centrality: number, method: LinkedCamera["method"]): LinkedCamera {
  const c = Math.max(0, Math.min(1, centrality));
  // Pixel density decides what an operator can make out (DORI); centrality breaks near-ties in
  // favour of the camera that has the point mid-frame rather than at the edge.
  const score = pxPerM * (0.75 + 0.25 * c);
  return {
    deviceId: cam.id, name: cam.name, rank: 1, distanceM: round2(distanceM), pxPerM: round2(pxPerM),
    centrality: round2(c), score: round2(score), method,
  };
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** Image-plane coordinates of a world point, normalised so the frame edge is ±1; null behind the camera. */
function imageCoords(p: PreparedCamera, cam: CoverageCamera, xM: number, yM: number, zM: number):
  { x: number; y: number; depthM: number } | null {
  const de = xM - cam.position[0], dn = yM - cam.position[1], du = zM - cam.position[2];
  const a = de * p.fe + dn * p.fn + du * p.fu;
  if (a <= 1e-6) return null;
  const b = de * p.re + dn * p.rn + du * p.ru, c = de * p.ue + dn * p.un + du * p.uu;
  return { x: b / (a * p.tanHalfH), y: c / (a * p.tanHalfV), depthM: a };
}

function centralityOf(p: PreparedCamera, cam: CoverageCamera, xM: number, yM: number, zM: number): number {
  const img = imageCoords(p, cam, xM, yM, zM);
  return img === null ? 0 : 1 - Math.max(Math.abs(img.x), Math.abs(img.y));
}

/** The point's cell if it is open ground, else the open cells within radiusM, nearest first. */
function targetCells(grid: CoverageGrid, xM: number, yM: number, radiusM: number): number[] {
  const s = grid.cellSizeM;
  const col = Math.floor((xM - grid.originE) / s), row = Math.floor((yM - grid.originN) / s);
  const inside = (c: number, r: number): boolean => c >= 0 && r >= 0 && c < grid.width && r < grid.height;
  if (inside(col, row) && grid.solid[row * grid.width + col] === 0) return [row * grid.width + col];
  const rCells = Math.ceil(radiusM / s);
  const found: Array<{ cell: number; d2: number }> = [];
  for (let dr = -rCells; dr <= rCells; dr++) {
    for (let dc = -rCells; dc <= rCells; dc++) {
      const c = col + dc, r = row + dr;
      const d2 = (dc * s) ** 2 + (dr * s) ** 2;
      if (!inside(c, r) || d2 > radiusM * radiusM) continue;
      const cell = r * grid.width + c;
      if (grid.solid[cell] === 0) found.push({ cell, d2 });
    }
  }
  return found.sort((a, b) => a.d2 - b.d2).map((f) => f.cell);
}

function sortedSet(cells: Int32Array, px: Float32Array): VisibleSet {
  const order = Array.from(cells.keys()).sort((i, j) => cells[i]! - cells[j]!);
  const outCells = new Int32Array(order.length), outPx = new Float32Array(order.length);
  order.forEach((k, i) => { outCells[i] = cells[k]!; outPx[i] = px[k]!; });
  return { cells: outCells, px: outPx };
}

/** px/m the camera gets at the cell, 0 if it does not see it (binary search). */
function lookup(set: VisibleSet, cell: number): number {
  let lo = 0, hi = set.cells.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1, v = set.cells[mid]!;
    if (v === cell) return set.px[mid]!;
    if (v < cell) lo = mid + 1; else hi = mid - 1;
  }
  return 0;
}
