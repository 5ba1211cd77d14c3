import type { PreparedCamera } from "./camera";
import { QUANTA_PER_PX, quantaOfRatio, withCamera } from "./cell-words";
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

/** Folds cells [a, b] of a wedge column (cell = cellU + v·cellV; px/m = pxScale / (aC + aY·(v + ½ − gv))) into `words`. */
function addCells(words: Int32Array, cellU: number, cellV: number, a: number, b: number, aC: number, aY: number, gv: number,
  pxQuanta: number): void {
  for (let v = a; v <= b; v++) {
    const cell = cellU + v * cellV;
    words[cell] = withCamera(words[cell]!, quantaOfRatio(pxQuanta, aC + aY * (v + 0.5 - gv)));
  }
}

/**
 * Runs [from, to) of a camera into `words` where a cell's grid row is in [own0, own1), else
 * into `spill`. A north/south run lies in one grid row (u); an east/west run's rows are its v.
 */
export function accumulateRuns(grid: CoverageGrid, cam: PreparedCamera, runs: Int32Array, from: number, to: number,
  words: Int32Array, spill: Int32Array, own0: number, own1: number): void {
  const W = grid.width, axes = WEDGES.map((w) => wedgeAxes(grid, cam, w.xMajor, w.sgn)), pxQuanta = cam.pxScale * QUANTA_PER_PX;
  for (let i = from; i < to; i++) {
    const first = runs[i * RUN_INTS]!, meta = runs[i * RUN_INTS + 1]!, len = meta >> 2, w = meta & 3;
    const { xMajor, sgn } = WEDGES[w]!, { gu, gv, aX, aY, a0 } = axes[w]!;
    const col = first % W, row = (first - col) / W;
    const u = xMajor ? col : row, v0 = xMajor ? row : col, v1 = v0 + len - 1, cellV = xMajor ? W : 1, cellU = first - v0 * cellV;
    const aC = aX * (sgn * (u + 0.5 - gu)) + a0;
    // The owned part [m0, m1] between a spilled head and tail (either may be empty); one call
    // site for the cell loop, so that it is inlined.
    let m0 = xMajor ? Math.max(v0, own0) : u >= own0 && u < own1 ? v0 : v1 + 1;
    let m1 = xMajor ? Math.min(v1, own1 - 1) : v1;
    if (m0 > m1) { m0 = v1 + 1; m1 = v1; }
    for (let piece = 0; piece < 3; piece++) {
      const a = piece === 0 ? v0 : piece === 1 ? m0 : m1 + 1, b = piece === 0 ? m0 - 1 : piece === 1 ? m1 : v1;
      if (a <= b) addCells(piece === 1 ? words : spill, cellU, cellV, a, b, aC, aY, gv, pxQuanta);
    }
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
    const X = sgn * (u + 0.5 - gu), aC = aX * X + a0, k = pxScale * QUANTA_PER_PX;
    for (let v = v0; v < v0 + len; v++) {
      const cell = first + (v - v0) * cellV;
      if (only !== null && only[cell] === 0) continue;
      cells[n] = cell;
      quanta[n++] = quantaOfRatio(k, aC + aY * (v + 0.5 - gv));
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
