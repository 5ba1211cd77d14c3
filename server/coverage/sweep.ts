import type { PreparedCamera } from "./camera";
import type { CoverageGrid } from "./grid";

// Per-camera visibility by a radial horizon sweep over the height raster (an XDraw-style
// viewshed). The plane around the camera is cut into four 90° wedges (east, west, north,
// south); in a wedge, column k (k cells from the camera along the wedge axis) depends only on
// column k−1: the horizon (steepest obstacle slope seen so far) of a cell is the horizon
// interpolated where its sight line crosses column k−1, raised by its own obstacle. A target
// is visible when its sight-line slope is not below the horizon in front of it, it lies inside
// the frustum and range, and its cell is open ground. One cell costs O(1): no per-ray march.
//
// A "cell-camera test" (the benchmark's unit) is one (camera, cell) pair inside the camera's
// range circle and plan-view sector that the sweep decides visible or not.

export interface SweepScratch {
  idx: Int32Array;
  px: Float32Array;
  horizonA: Float64Array;
  horizonB: Float64Array;
}

export interface SweepTarget {
  /** Best px/m per cell and cameras per cell, updated in place when given. */
  best: Float32Array | null;
  count: Uint16Array | null;
}

export interface SweepResult {
  visible: number;
  tests: number;
}

export function createScratch(grid: CoverageGrid, capacity = 1 << 16): SweepScratch {
  const side = Math.max(grid.width, grid.height) + 4;
  return { idx: new Int32Array(capacity), px: new Float32Array(capacity), horizonA: new Float64Array(side), horizonB: new Float64Array(side) };
}

function ensureCapacity(scratch: SweepScratch, needed: number): void {
  if (needed <= scratch.idx.length) return;
  let cap = scratch.idx.length;
  while (cap < needed) cap *= 2;
  const idx = new Int32Array(cap), px = new Float32Array(cap);
  idx.set(scratch.idx);
  px.set(scratch.px);
  scratch.idx = idx;
  scratch.px = px;
}

/** Wedge orientation: major axis (x = east/west, y = north/south) and direction. */
const WEDGES = [
  { xMajor: true, sgn: 1 }, { xMajor: true, sgn: -1 }, { xMajor: false, sgn: 1 }, { xMajor: false, sgn: -1 },
] as const;
const NO_HORIZON = -1e9;
const DEG = Math.PI / 180;

/** Visible cells of one camera into scratch.idx / scratch.px (first `visible` entries). */
export function sweepCamera(grid: CoverageGrid, cam: PreparedCamera, scratch: SweepScratch, target: SweepTarget): SweepResult {
  const reach = cam.reachCells;
  ensureCapacity(scratch, Math.ceil(Math.PI * (reach + 2) * (reach + 2) * Math.min(1, (cam.azHalfDeg + 3) / 90)) + 16);
  const res: SweepResult = { visible: 0, tests: 0 };
  for (const w of WEDGES) {
    const band = wedgeBand(cam, w.xMajor, w.sgn);
    if (band) sweepWedge(grid, cam, scratch, target, res, w.xMajor, w.sgn, band[0], band[1]);
  }
  return res;
}

/** Tangent bounds [lo, hi] of the camera's plan sector inside the wedge (|θ| ≤ 45°), or null. */
function wedgeBand(cam: PreparedCamera, xMajor: boolean, sgn: number): [number, number] | null {
  if (cam.azHalfDeg >= 180) return [-1, 1];
  const phi = cam.azCentreDeg;
  let theta = xMajor ? (sgn > 0 ? phi : 180 - phi) : (sgn > 0 ? 90 - phi : phi + 90);
  theta = ((((theta + 180) % 360) + 360) % 360) - 180;
  let lo = Infinity, hi = -Infinity;
  for (const shift of [-360, 0, 360]) {
    const a = Math.max(-45, theta + shift - cam.azHalfDeg), b = Math.min(45, theta + shift + cam.azHalfDeg);
    if (a <= b) { lo = Math.min(lo, a); hi = Math.max(hi, b); }
  }
  return lo <= hi ? [Math.tan(lo * DEG), Math.tan(hi * DEG)] : null;
}

function sweepWedge(grid: CoverageGrid, cam: PreparedCamera, scratch: SweepScratch, target: SweepTarget,
  res: SweepResult, xMajor: boolean, sgn: number, tLo: number, tHi: number): void {
  const s = grid.cellSizeM, W = grid.width;
  const Nu = xMajor ? grid.width : grid.height, Nv = xMajor ? grid.height : grid.width;
  const hgt = xMajor ? grid.heightsT : grid.heights, solid = grid.solid;
  const gu = xMajor ? cam.gx : cam.gy, gv = xMajor ? cam.gy : cam.gx;
  const strideU = xMajor ? 1 : W, strideV = xMajor ? W : 1;
  // (dx, dy) in cells = X·(ux, uy) + Y·(vx, vy): X along the wedge axis, Y across it.
  const ux = xMajor ? sgn : 0, uy = xMajor ? 0 : sgn, vx = xMajor ? 0 : 1, vy = xMajor ? 1 : 0;
  const dz = cam.dzM, eye = cam.eyeM, clear2 = cam.clear2Cells, reach2 = cam.reachCells * cam.reachCells;
  const aX = s * (cam.fe * ux + cam.fn * uy), aY = s * (cam.fe * vx + cam.fn * vy), a0 = cam.fu * dz;
  const bX = s * (cam.re * ux + cam.rn * uy), bY = s * (cam.re * vx + cam.rn * vy), b0 = cam.ru * dz;
  const cX = s * (cam.ue * ux + cam.un * uy), cY = s * (cam.ue * vx + cam.un * vy), c0 = cam.uu * dz;
  const tanH = cam.tanHalfH, tanV = cam.tanHalfV, pxScale = cam.pxScale, invS = 1 / s;
  const eps = xMajor ? 1e-9 : -1e-9; // diagonal ties belong to the east/west wedges
  const best = target.best, count = target.count;
  const idxOut = scratch.idx, pxOut = scratch.px;
  let prev = scratch.horizonA, cur = scratch.horizonB;
  const cu0 = Math.floor(gu), cv0 = Math.min(Nv - 1, Math.max(0, Math.floor(gv)));
  // Column 0 is the camera's own: no horizon yet. Buffers are offset by 2 for padding.
  let plo = cv0, phi = cv0;
  prev[plo + 2] = prev[plo + 1] = prev[plo + 3] = NO_HORIZON;
  let n = res.visible, tests = 0;
  for (let k = 1; ; k++) {
    const u = cu0 + sgn * k;
    if (u < 0 || u >= Nu) break;
    const X = sgn * (u + 0.5 - gu);
    const X2 = X * X;
    if (X2 > reach2) break;
    const yMax = Math.sqrt(reach2 - X2);
    const ratio = (X - 1) / X; // sight line to (X, Y) crosses column k−1 at Y·ratio
    const rlo = Math.max(0, Math.ceil(Math.max(X * tLo, -yMax, -X + eps) + gv - 0.5));
    const rhi = Math.min(Nv - 1, Math.floor(Math.min(X * tHi, yMax, X - eps) + gv - 0.5));
    const lo = Math.max(0, rlo - 1), hi = Math.min(Nv - 1, rhi + 1);
    if (lo > hi) break;
    const aCol = aX * X + a0, bCol = bX * X + b0, cCol = cX * X + c0;
    const hBase = u * Nv;
    for (let v = lo; v <= hi; v++) {
      const Y = v + 0.5 - gv;
      let jp = Y * ratio + gv - 0.5;
      if (jp < plo - 1) jp = plo - 1; else if (jp > phi) jp = phi;
      const j0 = Math.floor(jp), t = jp - j0;
      const hp = prev[j0 + 2]! + t * (prev[j0 + 3]! - prev[j0 + 2]!);
      const d2 = X2 + Y * Y;
      const invD = invS / Math.sqrt(d2);
      const h = hgt[hBase + v]!;
      const hs = (h - eye) * invD;
      cur[v + 2] = d2 > clear2 && hs > hp ? hs : hp;
      if (v < rlo || v > rhi) continue;
      tests++;
      const cell = u * strideU + v * strideV;
      if (dz * invD < hp || solid[cell] === 1) continue;
      const a = aCol + aY * Y;
      if (a <= 0) continue;
      const b = bCol + bY * Y, c = cCol + cY * Y;
      if (b > a * tanH || -b > a * tanH || c > a * tanV || -c > a * tanV) continue;
      const px = pxScale / a;
      idxOut[n] = cell;
      pxOut[n] = px;
      n++;
      if (best !== null && count !== null) {
        if (px > best[cell]!) best[cell] = px;
        count[cell] = count[cell]! + 1;
      }
    }
    cur[lo + 1] = cur[lo + 2]!;
    cur[hi + 3] = cur[hi + 2]!;
    plo = lo;
    phi = hi;
    const tmp = prev; prev = cur; cur = tmp;
  }
  res.visible = n;
  res.tests += tests;
}
