import type { CoverageCamera } from "../contracts/coverage";
import { gridFromBuffers, type CoverageGrid, type GridBuffers, type GridMeta } from "./grid";
import { prepareCamera } from "./camera";
import { createScratch, maxCellsOf, sweepCamera, type SweepScratch, type SweepTarget } from "./sweep";
import { boundsOf } from "./engine";

// The message protocol and the compute loop of a coverage worker (parallel.ts). Isomorphic: no
// Node or DOM imports here. Everything large is shared, not copied: the raster, the worker's
// per-cell results and its output arena live in SharedArrayBuffers (ArrayBuffers, copied per
// message, where the runtime has no SharedArrayBuffer).

export interface InitMessage {
  type: "init";
  meta: GridMeta;
  buffers: GridBuffers;
  /** This worker's spill arrays (best px/m, camera count) for cells outside its own rows. */
  best: ArrayBufferLike;
  count: ArrayBufferLike;
}

/**
 * Zero the owned cells [ownFrom, ownTo) of the engine's shared best/count, then sweep these
 * cameras (in the order given: the caller's spatial order) into them, writing only the owned
 * cells there and the rest to the spill arrays, which the caller folds in and zeroes afterwards.
 */
export interface ComputeMessage {
  type: "compute";
  jobId: number;
  targetHeightM: number;
  /** The cameras' poses and lenses, CAMERA_FIELDS numbers each (packCameras): no object cloning. */
  cameras: Float64Array<ArrayBuffer>;
  best: ArrayBufferLike;
  count: ArrayBufferLike;
  ownFrom: number;
  ownTo: number;
}

export interface ComputeReply {
  type: "computed";
  jobId: number;
  /** The output arena (visible cells, px/m); camera k's entries are [offsets[k], offsets[k+1]). */
  cells: ArrayBufferLike;
  pxPerM: ArrayBufferLike;
  offsets: Int32Array<ArrayBuffer>;
  /** Rows [first, last] that any of this job's cameras can reach (first > last: none). */
  rows: [number, number];
  tests: number;
  frustumPairs: number;
  /** Time the worker spent sweeping (ms): the caller balances the next split by it. */
  sweepMs: number;
}

export interface BatchState {
  grid: CoverageGrid;
  spillBest: Float32Array;
  spillCount: Uint16Array;
  arena: SweepScratch;
}

function allocate(bytes: number): ArrayBuffer | SharedArrayBuffer {
  return typeof SharedArrayBuffer !== "undefined" ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
}

/** Grows the arena into fresh shared buffers, keeping the first `used` entries. */
function growArena(arena: SweepScratch, used: number, needed: number): void {
  if (needed <= arena.idx.length) return;
  let cap = arena.idx.length;
  while (cap < needed) cap *= 2;
  const idx = new Int32Array(allocate(cap * 4)), px = new Float32Array(allocate(cap * 4));
  idx.set(arena.idx.subarray(0, used));
  px.set(arena.px.subarray(0, used));
  arena.idx = idx;
  arena.px = px;
}

/** Numbers per camera in a ComputeMessage: position (3) and the optics prepareCamera reads (7). */
export const CAMERA_FIELDS = 10;

export function packCameras(cameras: readonly CoverageCamera[]): Float64Array<ArrayBuffer> {
  const out = new Float64Array(cameras.length * CAMERA_FIELDS);
  cameras.forEach((c, k) => {
    const o = c.optics;
    out.set([c.position[0], c.position[1], c.position[2], o.yawDeg, o.pitchDeg, o.rollDeg ?? 0, o.hfovDeg, o.vfovDeg, o.resolutionW, o.rangeM],
      k * CAMERA_FIELDS);
  });
  return out;
}

/** Camera k of a packed batch, as much of it as the sweep needs (no id, name or image height). */
export function unpackCamera(packed: Float64Array, k: number): CoverageCamera {
  const f = (i: number): number => packed[k * CAMERA_FIELDS + i]!;
  return {
    id: "", name: "", model: null, position: [f(0), f(1), f(2)],
    optics: { yawDeg: f(3), pitchDeg: f(4), rollDeg: f(5), hfovDeg: f(6), vfovDeg: f(7), resolutionW: f(8), resolutionH: 0, rangeM: f(9) },
  };
}

/** Sweeps a batch of cameras into the shared results (see ComputeMessage) and the arena. */
export function computeBatch(state: BatchState, msg: ComputeMessage): ComputeReply {
  const startMs = performance.now();
  const { grid, arena } = state;
  const count = msg.cameras.length / CAMERA_FIELDS;
  const offsets = new Int32Array(count + 1);
  const target: SweepTarget = {
    best: new Float32Array(msg.best), count: new Uint16Array(msg.count), ownFrom: msg.ownFrom, ownTo: msg.ownTo,
    spillBest: state.spillBest, spillCount: state.spillCount,
  };
  target.best!.fill(0, msg.ownFrom, msg.ownTo);
  target.count!.fill(0, msg.ownFrom, msg.ownTo);
  let n = 0, tests = 0, frustumPairs = 0, row0 = grid.height, row1 = -1;
  for (let k = 0; k < count; k++) {
    const p = prepareCamera(unpackCamera(msg.cameras, k), grid, msg.targetHeightM);
    growArena(arena, n, n + maxCellsOf(grid, p));
    const r = sweepCamera(grid, p, arena, target, n);
    n += r.visible;
    offsets[k + 1] = n;
    tests += r.tests;
    frustumPairs += r.frustumPairs;
    const b = boundsOf(grid, p.gx, p.gy, p.reachCells);
    row0 = Math.min(row0, b[1]);
    row1 = Math.max(row1, b[3]);
  }
  return { type: "computed", jobId: msg.jobId, cells: arena.idx.buffer, pxPerM: arena.px.buffer, offsets, rows: [row0, row1], tests, frustumPairs,
    sweepMs: performance.now() - startMs };
}

export function initBatchState(msg: InitMessage): BatchState {
  const grid = gridFromBuffers(msg.meta, msg.buffers);
  const scratch = createScratch(grid, 16);
  const arena: SweepScratch = { ...scratch, idx: new Int32Array(allocate(1 << 22)), px: new Float32Array(allocate(1 << 22)) };
  return { grid, spillBest: new Float32Array(msg.best), spillCount: new Uint16Array(msg.count), arena };
}
