import type { CoverageCamera } from "../contracts/coverage";
import type { CoverageGrid } from "./grid";
import { prepareCamera } from "./camera";
import { createScratch, sweepCamera, type SweepScratch } from "./sweep";
import { boundsOf } from "./engine";

// The message protocol and the compute loop shared by the Node worker (parallel.ts) and a
// browser Web Worker. Isomorphic: no Node or DOM imports here.

export type GridMeta = Omit<CoverageGrid, "heights" | "heightsT" | "solid">;

export interface InitMessage {
  type: "init";
  meta: GridMeta;
  heights: ArrayBufferLike;
  heightsT: ArrayBufferLike;
  solid: ArrayBufferLike;
  /** Shared per-cell outputs this worker writes (best px/m, camera count). */
  best: ArrayBufferLike;
  count: ArrayBufferLike;
}

export interface ComputeMessage { type: "compute"; jobId: number; targetHeightM: number; cameras: CoverageCamera[] }

export interface ComputeReply {
  type: "computed";
  jobId: number;
  cells: Int32Array<ArrayBuffer>;
  pxPerM: Float32Array<ArrayBuffer>;
  /** Camera k's entries are cells[offsets[k] .. offsets[k+1]). */
  offsets: Int32Array<ArrayBuffer>;
  bounds: Int32Array<ArrayBuffer>;
  tests: number;
}

export interface BatchState {
  grid: CoverageGrid;
  best: Float32Array;
  count: Uint16Array;
  scratch: SweepScratch;
}

/** Sweeps a batch of cameras into the state's own best/count and packs their contributions. */
export function computeBatch(state: BatchState, msg: ComputeMessage): ComputeReply {
  state.best.fill(0);
  state.count.fill(0);
  let cells = new Int32Array(1 << 20), px = new Float32Array(1 << 20);
  const offsets = new Int32Array(msg.cameras.length + 1);
  const bounds = new Int32Array(msg.cameras.length * 4);
  let n = 0, tests = 0;
  msg.cameras.forEach((cam, k) => {
    const p = prepareCamera(cam, state.grid, msg.targetHeightM);
    const r = sweepCamera(state.grid, p, state.scratch, { best: state.best, count: state.count });
    if (n + r.visible > cells.length) {
      const cap = Math.max(cells.length * 2, n + r.visible);
      const c2 = new Int32Array(cap), p2 = new Float32Array(cap);
      c2.set(cells.subarray(0, n)); p2.set(px.subarray(0, n));
      cells = c2; px = p2;
    }
    cells.set(state.scratch.idx.subarray(0, r.visible), n);
    px.set(state.scratch.px.subarray(0, r.visible), n);
    n += r.visible;
    offsets[k + 1] = n;
    bounds.set(boundsOf(state.grid, p.gx, p.gy, p.reachCells), k * 4);
    tests += r.tests;
  });
  return { type: "computed", jobId: msg.jobId, cells: cells.slice(0, n), pxPerM: px.slice(0, n), offsets, bounds, tests };
}

export function initBatchState(msg: InitMessage): BatchState {
  const grid: CoverageGrid = {
    ...msg.meta, heights: new Float32Array(msg.heights), heightsT: new Float32Array(msg.heightsT), solid: new Uint8Array(msg.solid),
  };
  return { grid, best: new Float32Array(msg.best), count: new Uint16Array(msg.count), scratch: createScratch(grid) };
}
