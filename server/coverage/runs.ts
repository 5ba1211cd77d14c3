import type { PreparedCamera } from "./camera";
import { QUANTA_PER_PX, quantaOfRatio, withCamera } from "./cell-words";
import type { CoverageGrid } from "./grid";

// A camera's visible cells as runs (sweep.ts writes them): RUN_INTS integers per run, the first
// cell (row-major index) and (length << 2) | wedge. The cells of a run are consecutive rows of
// one grid column (east/west wedges) or consecutive columns of one grid row (north/south), and
// each one's px/m follows from the camera and the wedge, so no per-cell output is stored: the
// functions here compute it, the same bits every time (the incremental update's withdraw relies
// on getting the very quanta back that the full recompute folded in).

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
 * Decodes runs of one camera. A run's cells are first + k·cellV (k < len); the distance along
 * the view axis at its first cell is d0 = aC + aY·(v0 + ½ − gv) and grows by dStep = aY per cell.
 * The densities are pxQuanta / d with d accumulated from d0 cell by cell: one addition instead of
 * the formula per cell (a fifth of the fold), and still the same bits wherever a run is
 * decoded, since every reader accumulates from the run's first cell.
 */
class RunDecoder {
  first = 0;
  len = 0;
  cellV = 0;
  /** The run's wedge column and its first row in it. */
  u = 0;
  v0 = 0;
  xMajor = false;
  d0 = 0;
  dStep = 0;
  readonly pxQuanta: number;
  private readonly axes: WedgeAxes[];

  constructor(private readonly grid: CoverageGrid, cam: PreparedCamera) {
    this.axes = WEDGES.map((w) => wedgeAxes(grid, cam, w.xMajor, w.sgn));
    this.pxQuanta = cam.pxScale * QUANTA_PER_PX;
  }

  decode(runs: Int32Array, i: number): void {
    const W = this.grid.width, first = runs[i * RUN_INTS]!, meta = runs[i * RUN_INTS + 1]!, w = meta & 3;
    const { xMajor, sgn } = WEDGES[w]!, { gu, gv, aX, aY, a0 } = this.axes[w]!;
    const col = first % W, row = (first - col) / W;
    this.first = first;
    this.len = meta >> 2;
    this.xMajor = xMajor;
    this.cellV = xMajor ? W : 1;
    this.u = xMajor ? col : row;
    this.v0 = xMajor ? row : col;
    this.d0 = aX * (sgn * (this.u + 0.5 - gu)) + a0 + aY * (this.v0 + 0.5 - gv);
    this.dStep = aY;
  }
}

/**
 * Runs [from, to) of a camera into `words` where a cell's grid row is in [own0, own1), else
 * into `spill`. A north/south run lies in one grid row (u); an east/west run's rows are its v.
 */
export function accumulateRuns(grid: CoverageGrid, cam: PreparedCamera, runs: Int32Array, from: number, to: number,
  words: Int32Array, spill: Int32Array, own0: number, own1: number): void {
  const dec = new RunDecoder(grid, cam), pxQuanta = dec.pxQuanta;
  for (let i = from; i < to; i++) {
    dec.decode(runs, i);
    const { cellV, u, v0, xMajor, dStep } = dec, v1 = v0 + dec.len - 1;
    // The owned rows [m0, m1] between a spilled head and tail (either may be empty).
    let m0 = xMajor ? Math.max(v0, own0) : u >= own0 && u < own1 ? v0 : v1 + 1;
    let m1 = xMajor ? Math.min(v1, own1 - 1) : v1;
    if (m0 > m1) { m0 = v1 + 1; m1 = v1; }
    let cell = dec.first, d = dec.d0, v = v0;
    for (let piece = 0; piece < 3; piece++) {
      const target = piece === 1 ? words : spill, last = piece === 0 ? m0 - 1 : piece === 1 ? m1 : v1;
      // Two cells per step: two independent divisions in flight and half the loop overhead
      // (measured: 12–15 % of a whole recompute; four per step gained nothing more). d still
      // advances one addition per cell, as runQuanta's does.
      for (; v < last; v += 2, cell += 2 * cellV) {
        const d1 = d + dStep, c1 = cell + cellV;
        target[cell] = withCamera(target[cell]!, quantaOfRatio(pxQuanta, d));
        target[c1] = withCamera(target[c1]!, quantaOfRatio(pxQuanta, d1));
        d = d1 + dStep;
      }
      for (; v <= last; v++, cell += cellV, d += dStep) target[cell] = withCamera(target[cell]!, quantaOfRatio(pxQuanta, d));
    }
  }
}

/**
 * The cells of runs [from, to) of a camera's output and the density each gets (quanta,
 * cell-words.ts), bit for bit what accumulateRuns folds in; only cells where `only` is non-zero
 * when given. Returns the number written to cells/quanta (which must be large enough).
 */
export function runQuanta(grid: CoverageGrid, cam: PreparedCamera, runs: Int32Array, from: number, to: number,
  only: Uint8Array | null, cells: Int32Array, quanta: Int32Array): number {
  const dec = new RunDecoder(grid, cam), pxQuanta = dec.pxQuanta;
  let n = 0;
  for (let i = from; i < to; i++) {
    dec.decode(runs, i);
    const { cellV, dStep, len } = dec;
    let cell = dec.first, d = dec.d0;
    for (let k = 0; k < len; k++, cell += cellV, d += dStep) {
      if (only !== null && only[cell] === 0) continue;
      cells[n] = cell;
      quanta[n++] = quantaOfRatio(pxQuanta, d);
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
