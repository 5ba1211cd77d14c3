import type { PreparedCamera } from "./camera";
import { quantaOf, withCamera } from "./cell-words";
import type { CoverageGrid } from "./grid";

// A camera's visible cells as runs (sweep.ts writes them): RUN_INTS integers per run, the first
// cell (row-major index) and (length << 2) | wedge. The cells of a run are consecutive rows of
// one grid column (east/west wedges) or consecutive columns of one grid row (north/south), and
// each one's px/m follows from the camera and the wedge, so no per-cell output is stored: the
// functions here recompute it, with exactly the sweep's arithmetic (the incremental update's
// withdraw relies on getting the very same quanta back).

export const RUN_INTS = 2;

/** Wedge orientation: major axis (x = east/west, y = north/south) and direction; a run's wedge indexes this. */
export const WEDGES = [
  { xMajor: true, sgn: 1 }, { xMajor: true, sgn: -1 }, { xMajor: false, sgn: 1 }, { xMajor: false, sgn: -1 },
] as const;

export interface WedgeAxes { gu: number; gv: number; aX: number; aY: number; a0: number }

/** The wedge's frame: the camera at (gu, gv) in (along, across) cells; a = aX·X + aY·Y + a0 is the distance along the view axis (m). */
export function wedgeAxes(grid: CoverageGrid, cam: PreparedCamera, xMajor: boolean, sgn: number): WedgeAxes {
  const ux = xMajor ? sgn : 0, uy = xMajor ? 0 : sgn, vx = xMajor ? 0 : 1, vy = xMajor ? 1 : 0;
  return {
    gu: xMajor ? cam.gx : cam.gy, gv: xMajor ? cam.gy : cam.gx,
    aX: grid.cellSizeM * (cam.fe * ux + cam.fn * uy), aY: grid.cellSizeM * (cam.fe * vx + cam.fn * vy), a0: cam.fu * cam.dzM,
  };
}

/**
 * Folds cells [a, b] of a wedge column (cell = cellU + v·cellV; px/m = pxScale / (aC + aY·(v +
 * ½ − gv))) into `words` where the cell's grid row is in [own0, own1), else into `spill`.
 * The column is grid row u of a north/south wedge, or a grid column (v the row) of an east/west one.
 */
export function accumulateRun(words: Int32Array, spill: Int32Array, own0: number, own1: number, xMajor: boolean, u: number,
  cellU: number, cellV: number, a: number, b: number, aC: number, aY: number, gv: number, pxScale: number): void {
  if (!xMajor) {
    addCells(u >= own0 && u < own1 ? words : spill, cellU, cellV, a, b, aC, aY, gv, pxScale);
    return;
  }
  const m0 = Math.max(a, own0), m1 = Math.min(b, own1 - 1);
  if (m0 > m1) {
    addCells(spill, cellU, cellV, a, b, aC, aY, gv, pxScale);
    return;
  }
  if (a < m0) addCells(spill, cellU, cellV, a, m0 - 1, aC, aY, gv, pxScale);
  addCells(words, cellU, cellV, m0, m1, aC, aY, gv, pxScale);
  if (b > m1) addCells(spill, cellU, cellV, m1 + 1, b, aC, aY, gv, pxScale);
}

function addCells(words: Int32Array, cellU: number, cellV: number, a: number, b: number, aC: number, aY: number, gv: number,
  pxScale: number): void {
  for (let v = a; v <= b; v++) {
    const cell = cellU + v * cellV;
    words[cell] = withCamera(words[cell]!, quantaOf(pxScale / (aC + aY * (v + 0.5 - gv))));
  }
}

/** Runs [from, to) of a camera into `words` (rows [own0, own1)) and `spill` (the rest), as the sweep would have. */
export function accumulateRuns(grid: CoverageGrid, cam: PreparedCamera, runs: Int32Array, from: number, to: number,
  words: Int32Array, spill: Int32Array, own0: number, own1: number): void {
  const W = grid.width, axes = WEDGES.map((w) => wedgeAxes(grid, cam, w.xMajor, w.sgn)), pxScale = cam.pxScale;
  for (let i = from; i < to; i++) {
    const first = runs[i * RUN_INTS]!, meta = runs[i * RUN_INTS + 1]!, len = meta >> 2, w = meta & 3;
    const { xMajor, sgn } = WEDGES[w]!, { gu, gv, aX, aY, a0 } = axes[w]!;
    const col = first % W, row = (first - col) / W;
    const u = xMajor ? col : row, v0 = xMajor ? row : col, cellV = xMajor ? W : 1;
    const X = sgn * (u + 0.5 - gu);
    accumulateRun(words, spill, own0, own1, xMajor, u, first - v0 * cellV, cellV, v0, v0 + len - 1, aX * X + a0, aY, gv, pxScale);
  }
}

/**
 * The cells of runs [from, to) of a camera's output and the density each gets (quanta,
 * cell-words.ts), bit for bit what accumulateRun folds in; only cells where `only` is non-zero
 * when given. Returns the number written to cells/quanta (which must be large enough).
 */
export function runQuanta(grid: CoverageGrid, cam: PreparedCamera, runs: Int32Array, from: number, to: number,
  only: Uint8Array | null, cells: Int32Array, quanta: Int32Array): number {
  const W = grid.width, axes = WEDGES.map((w) => wedgeAxes(grid, cam, w.xMajor, w.sgn)), pxScale = cam.pxScale;
  let n = 0;
  for (let i = from; i < to; i++) {
    const first = runs[i * RUN_INTS]!, meta = runs[i * RUN_INTS + 1]!, len = meta >> 2, w = meta & 3;
    const { xMajor, sgn } = WEDGES[w]!, { gu, gv, aX, aY, a0 } = axes[w]!;
    const col = first % W, row = (first - col) / W;
    const u = xMajor ? col : row, v0 = xMajor ? row : col, cellV = xMajor ? W : 1;
    const X = sgn * (u + 0.5 - gu), aC = aX * X + a0;
    for (let v = v0; v < v0 + len; v++) {
      const cell = first + (v - v0) * cellV;
      if (only !== null && only[cell] === 0) continue;
      cells[n] = cell;
      quanta[n++] = quantaOf(pxScale / (aC + aY * (v + 0.5 - gv)));
    }
  }
  return n;
}

/** Visible cells in runs [from, to). */
export function runCells(runs: Int32Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n += runs[i * RUN_INTS + 1]! >> 2;
  return n;
}
