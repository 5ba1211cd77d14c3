import { gridFromBuffers, type CoverageGrid, type GridBuffers, type GridMeta } from "./grid";
import type { PreparedCamera } from "./camera";
import { RUN_INTS } from "./runs";
import { foldCameraRuns, RunFolder } from "./run-folder";
import { createScratch, maxRunsOf, sweepCamera, type SweepScratch } from "./sweep";
import { boundsOf, foldSpill, RowZeroer } from "./engine";

// The message protocol and the compute loop of a coverage worker (parallel.ts). Isomorphic: no
// Node or DOM imports here. Everything large is shared, not copied: the raster, the worker's
// per-cell results and its output arena live in SharedArrayBuffers (ArrayBuffers, copied per
// message, where the runtime has no SharedArrayBuffer).

export interface InitMessage {
  type: "init";
  meta: GridMeta;
  buffers: GridBuffers;
  /** This worker's spill words (cell-words.ts) for cells outside its own rows. */
  spill: ArrayBufferLike;
}

/**
 * Zero the owned rows [ownRow0, ownRow1) of the engine's shared words, then sweep cameras
 * claimed one at a time from the shared list (see claimer: from list position `first`, stepping
 * by `step`, up to `end` exclusive, until another thread has claimed the next one) into them,
 * writing only the owned rows there and the rest to the spill words, which are folded in and
 * zeroed afterwards.
 */
export interface ComputeMessage {
  type: "compute";
  jobId: number;
  /** The prepared cameras in list order, CAMERA_FIELDS numbers each (packCameras): no object cloning. */
  cameras: ArrayBufferLike;
  /** One Int32 claim flag per list position, shared by all threads of the job (0 = free). */
  claims: ArrayBufferLike;
  first: number;
  end: number;
  step: 1 | -1;
  words: ArrayBufferLike;
  /** The WebAssembly memory holding those words (engine.cellMemory), or null, and this worker's slot in it (run-folder.ts). */
  memory: WebAssembly.Memory | null;
  slot: number;
  ownRow0: number;
  ownRow1: number;
  /** With a pair of threads (the caller and this worker), what they need to share the folding (see foldHalf). */
  pair: PairMessage | null;
}

export interface PairMessage {
  /** Int32 × 5: threads done sweeping, then each thread's reached rows [first, last] (caller, worker). */
  sync: ArrayBufferLike;
  /** The caller's own rows and spill words. */
  rows: [number, number];
  spill: ArrayBufferLike;
}

export interface ComputeReply {
  type: "computed";
  jobId: number;
  /** The list positions this worker swept, in order; position swept[j]'s runs are [offsets[j], offsets[j+1]). */
  swept: Int32Array<ArrayBuffer>;
  /** The output arena (runs, runs.ts). */
  runs: ArrayBufferLike;
  offsets: Int32Array<ArrayBuffer>;
  /** Visible cells in all those runs. */
  visible: number;
  /** Rows [first, last] that any of this job's cameras can reach (first > last: none). */
  rows: [number, number];
  tests: number;
  frustumPairs: number;
  /** Time the worker spent clearing and sweeping (ms). */
  sweepMs: number;
  /** Whether the worker folded its half of the pair's spills (else the caller does; see foldHalf). */
  folded: boolean;
}

/** Longest a thread of a pair waits for the other to finish sweeping before leaving the fold to the caller. */
const PAIR_WAIT_MS = 100;

/**
 * Publishes this thread's reached rows, marks it done sweeping and waits (briefly: claiming
 * cameras one by one, the two end within about one camera of each other) until the other is
 * too. False on timeout. Thread 0 is the caller, 1 the worker.
 */
export function pairDone(sync: Int32Array, thread: 0 | 1, reach: readonly [number, number]): boolean {
  Atomics.store(sync, 1 + 2 * thread, reach[0]);
  Atomics.store(sync, 2 + 2 * thread, reach[1]);
  Atomics.add(sync, 0, 1);
  Atomics.notify(sync, 0);
  const deadline = performance.now() + PAIR_WAIT_MS;
  for (let now = performance.now(); Atomics.load(sync, 0) < 2 && now < deadline; now = performance.now()) {
    Atomics.wait(sync, 0, 1, deadline - now);
  }
  return Atomics.load(sync, 0) >= 2;
}

/** Rows [from, to) of a thread's spill to fold: those it reached [first, last] outside the rows it owns [from, to). */
export function spillPieces(own: readonly [number, number], reach: readonly [number, number]): [number, number][] {
  const pieces: [number, number][] = [];
  if (reach[0] < own[0]) pieces.push([reach[0], Math.min(own[0], reach[1] + 1)]);
  if (reach[1] >= own[1]) pieces.push([Math.max(own[1], reach[0]), reach[1] + 1]);
  return pieces.filter(([a, b]) => b > a);
}

/** Folds a thread's whole spill (see spillPieces) into the words; W = cells per row. */
export function foldOutside(words: Int32Array, spill: Int32Array, own: readonly [number, number], reach: readonly [number, number], W: number): void {
  for (const [a, b] of spillPieces(own, reach)) foldSpill(words, spill, a * W, b * W);
}

/**
 * Folds one half (by rows) of both spills of a pair: each spill's pieces lie in the other
 * thread's rows, so the two halves, and the two spills, write disjoint cells and the two
 * threads can fold at once, each doing about as much whoever stole more cameras.
 */
export function foldHalf(words: Int32Array, spills: readonly [Int32Array, Int32Array], own: readonly [readonly [number, number], readonly [number, number]],
  reach: readonly [readonly [number, number], readonly [number, number]], half: 0 | 1, W: number): void {
  const pieces = ([0, 1] as const).flatMap((t) => spillPieces(own[t], reach[t]).map(([a, b]) => ({ spill: spills[t], a, b })));
  const total = pieces.reduce((sum, p) => sum + p.b - p.a, 0), cut = total >> 1;
  const [lo, hi] = half === 0 ? [0, cut] : [cut, total];
  let at = 0; // rows of the pieces before this one
  for (const p of pieces) {
    const from = Math.max(p.a, p.a + lo - at), to = Math.min(p.b, p.a + hi - at);
    if (to > from) foldSpill(words, p.spill, from * W, to * W);
    at += p.b - p.a;
  }
}

/**
 * Hands out list positions first, first + step, … (up to `end`, exclusive), each to one thread
 * only: a position is taken by flipping its flag 0 → 1. Two threads walk a shared stretch from
 * opposite ends, so the first position the other thread already holds means it has taken every
 * one beyond as well: the walk ends (−1). That is the whole load balancing: whoever is faster
 * sweeps more, and no thread idles while the other still has cameras left.
 */
export function claimer(flags: Int32Array, first: number, end: number, step: 1 | -1): () => number {
  let i = first, open = true;
  return () => {
    if (!open || i === end) return -1;
    if (Atomics.compareExchange(flags, i, 0, 1) !== 0) {
      open = false;
      return -1;
    }
    const k = i;
    i += step;
    return k;
  };
}

export interface BatchState {
  grid: CoverageGrid;
  spill: Int32Array;
  arena: SweepScratch;
}

function allocate(bytes: number): ArrayBuffer | SharedArrayBuffer {
  return typeof SharedArrayBuffer !== "undefined" ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
}

/** Grows the arena into a fresh shared buffer, keeping the first `used` runs. */
function growArena(arena: SweepScratch, used: number, needed: number): void {
  if (needed * RUN_INTS <= arena.runs.length) return;
  let cap = arena.runs.length;
  while (cap < needed * RUN_INTS) cap *= 2;
  const runs = new Int32Array(allocate(cap * 4));
  runs.set(arena.runs.subarray(0, used * RUN_INTS));
  arena.runs = runs;
}

/** Numbers per camera in a ComputeMessage: every field of PreparedCamera (packCameras, unpackCamera). */
export const CAMERA_FIELDS = 20;

/**
 * Packs prepared cameras (into `out` when given, e.g. a shared buffer of the right length): the
 * caller prepares every camera to plan the split anyway, so workers need not again.
 */
export function packCameras(cameras: readonly PreparedCamera[], out: Float64Array<ArrayBufferLike> = new Float64Array(cameras.length * CAMERA_FIELDS)): Float64Array<ArrayBufferLike> {
  cameras.forEach((c, k) => {
    const at = k * CAMERA_FIELDS;
    out[at] = c.gx; out[at + 1] = c.gy; out[at + 2] = c.eyeM; out[at + 3] = c.dzM; out[at + 4] = c.fe; out[at + 5] = c.fn;
    out[at + 6] = c.fu; out[at + 7] = c.re; out[at + 8] = c.rn; out[at + 9] = c.ru; out[at + 10] = c.ue; out[at + 11] = c.un;
    out[at + 12] = c.uu; out[at + 13] = c.tanHalfH; out[at + 14] = c.tanHalfV; out[at + 15] = c.pxScale; out[at + 16] = c.reachCells;
    out[at + 17] = c.clear2Cells; out[at + 18] = c.azCentreDeg; out[at + 19] = c.azHalfDeg;
  });
  return out;
}

/** Camera k of a packed batch. */
export function unpackCamera(packed: Float64Array, k: number): PreparedCamera {
  const at = k * CAMERA_FIELDS;
  return {
    gx: packed[at]!, gy: packed[at + 1]!, eyeM: packed[at + 2]!, dzM: packed[at + 3]!, fe: packed[at + 4]!, fn: packed[at + 5]!,
    fu: packed[at + 6]!, re: packed[at + 7]!, rn: packed[at + 8]!, ru: packed[at + 9]!, ue: packed[at + 10]!, un: packed[at + 11]!,
    uu: packed[at + 12]!, tanHalfH: packed[at + 13]!, tanHalfV: packed[at + 14]!, pxScale: packed[at + 15]!, reachCells: packed[at + 16]!,
    clear2Cells: packed[at + 17]!, azCentreDeg: packed[at + 18]!, azHalfDeg: packed[at + 19]!,
  };
}

/** Sweeps the cameras this worker claims into the shared results (see ComputeMessage) and the arena. */
export function computeBatch(state: BatchState, msg: ComputeMessage): ComputeReply {
  const startMs = performance.now();
  const { grid, arena } = state;
  const cameras = new Float64Array(msg.cameras);
  const claim = claimer(new Int32Array(msg.claims), msg.first, msg.end, msg.step);
  const swept: number[] = [], offsets: number[] = [0];
  const cells = grid.width * grid.height;
  const words = msg.memory ? new Int32Array(msg.memory.buffer, 0, cells) : new Int32Array(msg.words);
  const folder = RunFolder.of(msg.memory, cells, msg.slot);
  const zero = new RowZeroer(words, grid.width, msg.ownRow0, msg.ownRow1);
  let n = 0, visible = 0, tests = 0, frustumPairs = 0, row0 = grid.height, row1 = -1;
  for (let k = claim(); k >= 0; k = claim()) {
    const p = unpackCamera(cameras, k), b = boundsOf(grid, p.gx, p.gy, p.reachCells);
    zero.cover(b[1], b[3]);
    growArena(arena, n, n + maxRunsOf(grid, p));
    const r = sweepCamera(grid, p, arena, {}, n);
    foldCameraRuns(folder, grid, p, arena.runs, n, n + r.runs, words, state.spill, msg.ownRow0, msg.ownRow1, [b[1], b[3]]);
    n += r.runs;
    visible += r.visible;
    swept.push(k);
    offsets.push(n);
    tests += r.tests;
    frustumPairs += r.frustumPairs;
    row0 = Math.min(row0, b[1]);
    row1 = Math.max(row1, b[3]);
  }
  zero.finish();
  const sweepMs = performance.now() - startMs;
  // Paired with the caller: fold half of both spills once both threads are done sweeping.
  const pair = msg.pair, sync = pair ? new Int32Array(pair.sync) : null;
  const folded = pair !== null && sync !== null && pairDone(sync, 1, [row0, row1]);
  if (pair && sync && folded) {
    foldHalf(words, [new Int32Array(pair.spill), state.spill], [pair.rows, [msg.ownRow0, msg.ownRow1]],
      [[sync[1]!, sync[2]!], [row0, row1]], 1, grid.width);
  }
  return {
    type: "computed", jobId: msg.jobId, swept: Int32Array.from(swept), runs: arena.runs.buffer,
    offsets: Int32Array.from(offsets), visible, rows: [row0, row1], tests, frustumPairs, sweepMs, folded,
  };
}

export function initBatchState(msg: InitMessage): BatchState {
  const grid = gridFromBuffers(msg.meta, msg.buffers);
  const scratch = createScratch(grid, 16);
  const arena: SweepScratch = { ...scratch, runs: new Int32Array(allocate(1 << 21)) };
  return { grid, spill: new Int32Array(msg.spill), arena };
}
