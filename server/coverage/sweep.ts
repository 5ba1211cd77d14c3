import type { PreparedCamera } from "./camera";
import { RUN_INTS, WEDGES, wedgeAxes } from "./runs";
import { blocksPerLine, OPEN_BLOCK_CELLS, OPEN_BLOCK_SHIFT, PACKED_SOLID, PACKED_STEP_M, type CoverageGrid } from "./grid";

// Per-camera visibility by a radial horizon sweep over the height raster (an XDraw-style
// viewshed). The plane around the camera is cut into four 90° wedges (east, west, north,
// south); in a wedge, column k (k cells from the camera along the wedge axis) depends only on
// column k−1: the horizon of a cell is the horizon interpolated where its sight line crosses
// column k−1, raised by its own obstacle. A target is visible when its sight line is not below
// the horizon in front of it, it lies inside the frustum and range, and its cell is open ground.
//
// Slopes are kept as "column slopes" (height above the eye) / X, X the distance along the wedge
// axis, instead of height / Euclidean distance: along one sight line the two differ by the
// constant factor √(1 + (Y/X)²), so every comparison along a ray is unchanged, and a column
// needs one division instead of a square root and a division per cell. The frustum (linear in
// Y within a column for a fixed target height) is solved per column as an interval of rows
// (test/coverage/sweep.test.ts checks it against the per-cell test), so the per-cell loop only
// carries the horizon and the occlusion test. One cell costs O(1): no per-ray march. Heights
// and the solid flag come from one packed 16-bit raster (grid.ts) read along the wedge's rows.
//
// Shortcuts give the same outcome as the cell loop (SweepOptions.exhaustive turns them off, and
// sweep.test.ts compares): a row of open ground (per-block obstacle flags, grid.ts) whose sight line
// crosses the previous column away from that column's shadowed ("dirty") rows has its own
// ground as horizon, so it is emitted without the horizon arithmetic (a whole column at once
// behind a shadow-free column); and once a whole column's horizon is above every later sight
// line, the rest of the wedge is occluded.
//
// Output: the visible cells of a column come as runs (first cell, length, wedge: RUN_INTS
// integers), not cell by cell; a run's px/m follow from the camera and the wedge (runQuanta
// recomputes them exactly), so nothing per cell is stored: once its sweep is done, a camera's
// runs are folded into the per-cell words (cell-words.ts) by run-folder.ts (fold.wat, or
// runs.ts's accumulateRuns where WebAssembly SIMD is missing).
//
// A "cell-camera test" (the benchmark's unit) is one (camera, cell) pair inside the camera's
// range circle and plan-view sector that the sweep decides visible or not. Pairs outside the
// frustum interval of their column are decided invisible by that interval, pairs behind a
// fully blocking column by that bound; `frustumPairs` counts the pairs inside the frustum.

export interface SweepScratch {
  /** Output runs, RUN_INTS integers each: the first cell (row-major index), then (length << 2) | wedge. */
  runs: Int32Array;
  /** One column's runs while it is swept: pairs of rows [first, last] of the column. */
  columnRuns: Int32Array;
  horizonA: Float64Array;
  horizonB: Float64Array;
}

export interface SweepOptions {
  /** Run the horizon loop on every cell, without the open-ground shortcuts (for tests). */
  exhaustive?: boolean;
}

export interface SweepResult {
  /** Runs written to scratch.runs from the start run on. */
  runs: number;
  /** Visible cells in those runs. */
  visible: number;
  tests: number;
  /** Tests inside the frustum (occlusion decided per cell); the rest were outside the frustum. */
  frustumPairs: number;
}

export function createScratch(grid: CoverageGrid, capacityRuns = 1 << 14): SweepScratch {
  const side = Math.max(grid.width, grid.height) + 4;
  return { runs: new Int32Array(capacityRuns * RUN_INTS), columnRuns: new Int32Array(side + 4),
    horizonA: new Float64Array(side), horizonB: new Float64Array(side) };
}

/** Grows the run output (keeping its contents) to hold `needed` runs. */
export function ensureCapacity(scratch: SweepScratch, needed: number): void {
  if (needed * RUN_INTS <= scratch.runs.length) return;
  let cap = Math.max(16, scratch.runs.length);
  while (cap < needed * RUN_INTS) cap *= 2;
  const runs = new Int32Array(cap);
  runs.set(scratch.runs);
  scratch.runs = runs;
}

/**
 * Upper bound on the runs one camera can output: a wedge column k holds at most 2k + 3 rows,
 * so at most k + 2 runs, over at most reach + 3 columns.
 */
export function maxRunsOf(grid: CoverageGrid, cam: PreparedCamera): number {
  const r = Math.min(Math.ceil(cam.reachCells) + 3, grid.width + grid.height);
  return 4 * ((r * (r + 1)) / 2 + 2 * r) + 16;
}

const NO_HORIZON = -1e9;
const DEG = Math.PI / 180;

/**
 * Visible cells of one camera as runs into scratch.runs, from run `start` on (the camera's runs
 * are [start, start + runs)); the array grows as needed.
 */
export function sweepCamera(grid: CoverageGrid, cam: PreparedCamera, scratch: SweepScratch, options: SweepOptions = {},
  start = 0): SweepResult {
  ensureCapacity(scratch, start + maxRunsOf(grid, cam));
  const res: SweepResult = { runs: start, visible: 0, tests: 0, frustumPairs: 0 };
  for (let w = 0; w < WEDGES.length; w++) {
    const band = wedgeBand(cam, WEDGES[w]!.xMajor, WEDGES[w]!.sgn);
    if (band) sweepWedge(grid, cam, scratch, options, res, w, band[0], band[1]);
  }
  res.runs -= start;
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

/**
 * The frustum of a wedge, as bounds on the row offset Y of a column at axis offset X. At a
 * target-plane point (X, Y) (cells) the view-axis, right and up components are
 * a = aX·X + aY·Y + a0 (b, c alike, metres); inside means a > 0, |b| ≤ a·tan(h/2) and
 * |c| ≤ a·tan(v/2): five conditions p·Y ≤ α·X + β, each an upper bound on Y (p > 0), a lower
 * bound (p < 0) or, with p = 0, a condition on the column alone.
 */
interface FrustumBounds {
  upM: Float64Array; upC: Float64Array; nUp: number;
  loM: Float64Array; loC: Float64Array; nLo: number;
  colA: Float64Array; colB: Float64Array; nCol: number;
}

const bounds: FrustumBounds = {
  upM: new Float64Array(5), upC: new Float64Array(5), nUp: 0,
  loM: new Float64Array(5), loC: new Float64Array(5), nLo: 0,
  colA: new Float64Array(5), colB: new Float64Array(5), nCol: 0,
};

function addCondition(p: number, alpha: number, beta: number): void {
  const f = bounds;
  if (p > 0) { f.upM[f.nUp] = alpha / p; f.upC[f.nUp++] = beta / p; }
  else if (p < 0) { f.loM[f.nLo] = alpha / p; f.loC[f.nLo++] = beta / p; }
  else { f.colA[f.nCol] = alpha; f.colB[f.nCol++] = beta; }
}

/** Fills `bounds` for a wedge (xMajor, sgn) of the camera; s = cell size (m). */
function wedgeFrustum(cam: PreparedCamera, s: number, xMajor: boolean, sgn: number): void {
  // (dx, dy) in cells = X·(ux, uy) + Y·(vx, vy): X along the wedge axis, Y across it.
  const ux = xMajor ? sgn : 0, uy = xMajor ? 0 : sgn, vx = xMajor ? 0 : 1, vy = xMajor ? 1 : 0;
  const dz = cam.dzM, th = cam.tanHalfH, tv = cam.tanHalfV;
  const aX = s * (cam.fe * ux + cam.fn * uy), aY = s * (cam.fe * vx + cam.fn * vy), a0 = cam.fu * dz;
  const bX = s * (cam.re * ux + cam.rn * uy), bY = s * (cam.re * vx + cam.rn * vy), b0 = cam.ru * dz;
  const cX = s * (cam.ue * ux + cam.un * uy), cY = s * (cam.ue * vx + cam.un * vy), c0 = cam.uu * dz;
  bounds.nUp = bounds.nLo = bounds.nCol = 0;
  addCondition(-aY, aX, a0); // a ≥ 0 (a = 0 exactly is a tie of measure zero)
  addCondition(bY - aY * th, aX * th - bX, a0 * th - b0);
  addCondition(-bY - aY * th, aX * th + bX, a0 * th + b0);
  addCondition(cY - aY * tv, aX * tv - cX, a0 * tv - c0);
  addCondition(-cY - aY * tv, aX * tv + cX, a0 * tv + c0);
}

/** Frustum rows [span[0], span[1]] of the column at X within [rlo, rhi]; empty when span[0] > span[1]. */
const span = new Int32Array(2);

function frustumSpan(X: number, gv: number, rlo: number, rhi: number): void {
  const f = bounds;
  let yl = -Infinity, yh = Infinity;
  for (let i = 0; i < f.nUp; i++) { const y = f.upM[i]! * X + f.upC[i]!; if (y < yh) yh = y; }
  for (let i = 0; i < f.nLo; i++) { const y = f.loM[i]! * X + f.loC[i]!; if (y > yl) yl = y; }
  for (let i = 0; i < f.nCol; i++) if (f.colA[i]! * X + f.colB[i]! < 0) yh = -Infinity;
  // Row v's centre is at Y = v + 0.5 − gv.
  span[0] = Math.max(rlo, Math.ceil(yl + gv - 0.5));
  span[1] = Math.min(rhi, Math.floor(yh + gv - 0.5));
}

/** Whether cells [from, to] of a raster line are all open ground, from the line's block flags. */
function isOpen(blocks: Uint8Array, lineBase: number, from: number, to: number): boolean {
  let any = 0;
  for (let b = from >> OPEN_BLOCK_SHIFT, last = to >> OPEN_BLOCK_SHIFT; b <= last; b++) any |= blocks[lineBase + b]!;
  return any === 0;
}

/**
 * One wedge, column by column. Deliberately one long function: the per-cell loops keep every
 * array and constant in locals (registers) and make no calls, which is most of the speed.
 */
function sweepWedge(grid: CoverageGrid, cam: PreparedCamera, scratch: SweepScratch, options: SweepOptions,
  res: SweepResult, wedge: number, tLo: number, tHi: number): void {
  const { xMajor, sgn } = WEDGES[wedge]!;
  const W = grid.width, Nu = xMajor ? grid.width : grid.height, Nv = xMajor ? grid.height : grid.width;
  // Read along the wedge's rows contiguously: the transposed rasters for east/west wedges.
  const ras = xMajor ? grid.packedT : grid.packed, blocks = xMajor ? grid.blocksT : grid.blocks;
  const perLine = blocksPerLine(Nv);
  wedgeFrustum(cam, grid.cellSizeM, xMajor, sgn);
  const { gu, gv } = wedgeAxes(grid, cam, xMajor, sgn);
  const dz = cam.dzM, eye = cam.eyeM, clear2 = cam.clear2Cells, reach2 = cam.reachCells * cam.reachCells;
  const eps = xMajor ? 1e-9 : -1e-9; // diagonal ties belong to the east/west wedges
  const runsOut = scratch.runs, cr = scratch.columnRuns;
  let prev = scratch.horizonA, cur = scratch.horizonB;
  const cu0 = Math.floor(gu), cv0 = Math.min(Nv - 1, Math.max(0, Math.floor(gv)));
  // Column 0 is the camera's own: no horizon yet. Buffers are offset by 2 for padding.
  let plo = cv0, phi = cv0;
  prev[plo + 2] = prev[plo + 1] = prev[plo + 3] = NO_HORIZON;
  let r = res.runs * RUN_INTS, visible = 0, tests = 0, frustumPairs = 0;
  // Once a whole column's horizon is above every later target's sight line (dz/X is monotonic
  // in X), the rest of the wedge is occluded: its pairs are still counted and decided, by that
  // bound. This is what makes cameras inside buildings cheap.
  const dzFar = dz / (cam.reachCells + 1);
  let blocked = false;
  // The previous column's "dirty" rows [pdlo, pdhi] (empty when pdlo > pdhi): those whose
  // horizon is not their own open ground's slope prevGroundHp. Only they are kept in `prev`;
  // every other entry stands for prevGroundHp and is filled in just before a row reads it.
  // Column 0, the camera's own, has no horizon at all (NO_HORIZON): dirty.
  let pdlo = cv0, pdhi = cv0, prevGroundHp = 0;
  // The ground-slope shortcuts below assume the eye is not below the ground (every horizon of
  // open ground is then its own slope); `exhaustive` turns them off (tests compare the two).
  const shortcuts = eye >= 0 && options.exhaustive !== true;
  for (let k = 1; ; k++) {
    const u = cu0 + sgn * k;
    if (u < 0 || u >= Nu) break;
    const X = sgn * (u + 0.5 - gu), X2 = X * X;
    if (X2 > reach2) break;
    const yMax = Math.sqrt(reach2 - X2);
    const rlo = Math.max(0, Math.ceil(Math.max(X * tLo, -yMax, -X + eps) + gv - 0.5));
    const rhi = Math.min(Nv - 1, Math.floor(Math.min(X * tHi, yMax, X - eps) + gv - 0.5));
    const lo = Math.max(0, rlo - 1), hi = Math.min(Nv - 1, rhi + 1);
    if (lo > hi) break;
    if (rhi >= rlo) tests += rhi - rlo + 1;
    frustumSpan(X, gv, rlo, rhi);
    const flo = span[0]!, fhi = span[1]!;
    if (fhi >= flo) frustumPairs += fhi - flo + 1;
    if (blocked) continue;
    const invX = 1 / X, dzX = dz * invX, ratio = (X - 1) * invX;
    const stepX = PACKED_STEP_M * invX, eyeX = eye * invX;
    // Obstacles within the mount clearance never raise the horizon; only the first columns have any.
    const nearCol = X2 <= clear2;
    const hBase = u * Nv, cellU = xMajor ? u : u * W, cellV = xMajor ? W : 1;
    // The sight line to (X, Y) crosses column k−1 at Y·ratio; jp is that row (+2 for padding).
    const jMin = plo + 1, jMax = phi + 2, gv15 = gv + 1.5, gHp = -eyeX;
    const lineBase = u * perLine;
    let colMin = Infinity, dlo = hi + 1, dhi = lo - 1;
    // The column's visible runs go to cr as row pairs [first, last]: nr integers, the last run ending at runEnd.
    let nr = 0, runEnd = -3;
    if (shortcuts && pdlo > pdhi && !nearCol && isOpen(blocks, lineBase, lo, hi)) {
      // Open ground behind open ground: every horizon is the cell's own ground slope and every
      // frustum cell is visible or none is (the same outcome as the loop below, cell for cell).
      colMin = gHp;
      const f0 = Math.max(lo, flo), f1 = Math.min(hi, fhi);
      if (f0 <= f1 && !(dzX < prevGroundHp)) {
        cr[0] = f0;
        cr[1] = f1;
        nr = 2;
      }
    } else {
      // Rows whose sight line crosses the previous column within a row of its dirty rows (or
      // its padding) need the horizon loop; so do rows in a block (OPEN_BLOCK_CELLS) holding an obstacle.
      // All others are open ground reading open ground: the shortcut above, row by row.
      let alo = lo, ahi = hi;
      if (shortcuts && !nearCol) {
        if (pdlo > pdhi) { alo = hi + 1; ahi = lo - 1; } else {
          // jp is increasing in v (ratio > 0 from column 2 on; column 1 reads only the dirty camera row).
          if (pdlo > plo + 1) alo = Math.max(lo, Math.floor((pdlo - 1 - gv15) / ratio - 0.5 + gv) - 1);
          if (pdhi < phi - 1) ahi = Math.min(hi, Math.ceil((pdhi + 4 - gv15) / ratio - 0.5 + gv) + 1);
        }
      }
      // Entries of prev the rows may read that are not dirty hold prevGroundHp (padding included).
      const dB0 = pdlo > pdhi ? Infinity : pdlo === plo ? pdlo + 1 : pdlo + 2;
      const dB1 = pdlo > pdhi ? -Infinity : pdhi === phi ? pdhi + 3 : pdhi + 2;
      for (let v0 = lo; v0 <= hi;) {
        const blockEnd = Math.min(hi, ((v0 >> OPEN_BLOCK_SHIFT) << OPEN_BLOCK_SHIFT) + OPEN_BLOCK_CELLS - 1);
        let v1 = blockEnd, slow = !shortcuts || nearCol || blocks[lineBase + (v0 >> OPEN_BLOCK_SHIFT)] !== 0;
        if (!slow && v0 < alo) v1 = Math.min(blockEnd, alo - 1);
        else if (!slow && v0 <= ahi) { slow = true; v1 = Math.min(blockEnd, ahi); }
        if (!slow) {
          if (gHp < colMin) colMin = gHp;
          for (let v = v0; v <= v1; v++) cur[v + 2] = gHp;
          const a = Math.max(v0, flo), b = Math.min(v1, fhi);
          if (a <= b && !(dzX < prevGroundHp)) {
            if (a === runEnd + 1) cr[nr - 1] = b;
            else { cr[nr++] = a; cr[nr++] = b; }
            runEnd = b;
          }
          v0 = v1 + 1;
          continue;
        }
        if (shortcuts) {
          const r0 = (v0 + 0.5 - gv) * ratio + gv15, r1 = (v1 + 0.5 - gv) * ratio + gv15;
          const j0 = Math.floor(r0 < jMin ? jMin : r0 > jMax ? jMax : r0), j1 = Math.floor(r1 < jMin ? jMin : r1 > jMax ? jMax : r1) + 1;
          for (let j = j0; j <= j1 && j < dB0; j++) prev[j] = prevGroundHp;
          for (let j = Math.max(j0, dB1 + 1); j <= j1; j++) prev[j] = prevGroundHp;
        }
        for (let v = v0; v <= v1; v++) {
          const Y = v + 0.5 - gv, jp = Y * ratio + gv15;
          const j = jp < jMin ? jMin : jp > jMax ? jMax : jp;
          const j0 = j | 0, p0 = prev[j0]!;
          const hp = p0 + (j - j0) * (prev[j0 + 1]! - p0);
          const word = ras[hBase + v]!;
          const hs = (word & 0x7fff) * stepX - eyeX;
          const hv = hs > hp && (!nearCol || X2 + Y * Y > clear2) ? hs : hp;
          cur[v + 2] = hv;
          if (hv < colMin) colMin = hv;
          if (hv !== gHp) {
            if (v < dlo) dlo = v;
            dhi = v;
          }
          if (v < flo || v > fhi) continue;
          if (dzX < hp || word >= PACKED_SOLID) continue;
          if (v === runEnd + 1) cr[nr - 1] = v;
          else { cr[nr++] = v; cr[nr++] = v; }
          runEnd = v;
        }
        v0 = v1 + 1;
      }
    }
    for (let i = 0; i < nr; i += 2) {
      const a = cr[i]!, b = cr[i + 1]!;
      runsOut[r++] = cellU + a * cellV;
      runsOut[r++] = ((b - a + 1) << 2) | wedge;
      visible += b - a + 1;
    }
    if (colMin > dzFar && colMin > dz / (X + 1)) blocked = true;
    prevGroundHp = gHp;
    pdlo = dlo;
    pdhi = dhi;
    cur[lo + 1] = cur[lo + 2]!;
    cur[hi + 3] = cur[hi + 2]!;
    plo = lo;
    phi = hi;
    const tmp = prev; prev = cur; cur = tmp;
  }
  res.runs = r / RUN_INTS;
  res.visible += visible;
  res.tests += tests;
  res.frustumPairs += frustumPairs;
}
