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

/** A camera's density scale in quanta: a cell at distance d (m) along the view gets quantaOfRatio(scale, d). */
export function runScaleOf(cam: Pick<PreparedCamera, "pxScale">): number {
  return cam.pxScale * QUANTA_PER_PX;
}

/**
 * Decodes runs of one camera. A run's cells are first + k·cellV (k < len); the distance along
 * the view axis of cell k is d0 + k·dStep, d0 = aC + aY·(v0 + ½ − gv) at its first cell and
 * dStep = aY, and its density pxQuanta / d. Every reader (this file and fold.wat) evaluates
 * exactly these operations in this order, so all get the same bits for a cell, whichever piece
 * of its run they start from (the incremental update's withdraw relies on it).
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
    this.pxQuanta = runScaleOf(cam);
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
 * into `spill`; with ownedToo false, only the spilled cells (run-folder.ts folds the owned ones).
 * A north/south run lies in one grid row (u); an east/west run's rows are its v.
 */
export function accumulateRuns(grid: CoverageGrid, cam: PreparedCamera, runs: Int32Array, from: number, to: number,
  words: Int32Array, spill: Int32Array, own0: number, own1: number, ownedToo = true): void {
  const dec = new RunDecoder(grid, cam), pxQuanta = dec.pxQuanta;
  for (let i = from; i < to; i++) {
    dec.decode(runs, i);
    const { cellV, u, v0, xMajor, d0, dStep, len } = dec, v1 = v0 + len - 1;
    // The owned cells [m0, m1] (run offsets) between a spilled head and tail (either may be empty).
    let m0 = xMajor ? Math.max(v0, own0) - v0 : u >= own0 && u < own1 ? 0 : len;
    let m1 = xMajor ? Math.min(v1, own1 - 1) - v0 : len - 1;
    if (m0 > m1) { m0 = len; m1 = len - 1; }
    for (let piece = 0; piece < 3; piece++) {
      if (piece === 1 && !ownedToo) continue;
      const target = piece === 1 ? words : spill, k0 = piece === 0 ? 0 : piece === 1 ? m0 : m1 + 1;
      const k1 = piece === 0 ? m0 : piece === 1 ? m1 + 1 : len;
      let k = k0, cell = dec.first + k0 * cellV;
      // Two cells per step: two independent divisions in flight and half the loop overhead.
      for (; k + 1 < k1; k += 2, cell += 2 * cellV) {
        const c1 = cell + cellV;
        target[cell] = withCamera(target[cell]!, quantaOfRatio(pxQuanta, d0 + k * dStep));
        target[c1] = withCamera(target[c1]!, quantaOfRatio(pxQuanta, d0 + (k + 1) * dStep));
      }
      if (k < k1) target[cell] = withCamera(target[cell]!, quantaOfRatio(pxQuanta, d0 + k * dStep));
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
    const { cellV, d0, dStep, len } = dec;
    let cell = dec.first;
    for (let k = 0; k < len; k++, cell += cellV) {
      if (only !== null && only[cell] === 0) continue;
      cells[n] = cell;
      quanta[n++] = quantaOfRatio(pxQuanta, d0 + k * dStep);
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
