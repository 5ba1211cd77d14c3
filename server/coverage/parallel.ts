import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import type { NodeInitMessage } from "./node-worker";
import type { CoverageCamera } from "../contracts/coverage";
import { prepareCamera, type PreparedCamera } from "./camera";
import { RowZeroer, type ComputeStats, type Contribution, type CoverageEngine } from "./engine";
import { metaOf, type CoverageGrid, type GridBuffers } from "./grid";
import { RUN_INTS } from "./runs";
import { CAMERA_FIELDS, claimer, foldHalf, foldOutside, packCameras, pairDone, type ComputeMessage, type ComputeReply } from "./worker-protocol";

// Full recompute on several cores (Node worker_threads). The cameras are listed in strips of
// rows, south to north, and the list is cut into bands of about equal estimated cost; each thread
// owns its band's rows of the engine's shared words and writes its cameras' cells there,
// and into its own spill words for the rows beyond, which the caller folds in once all are
// done: no locks, no races, and only the few rows near band edges are merged. Threads work in
// pairs: the first walks both bands' cameras from the south, the second from the north, each
// claiming one camera at a time (an atomic flag) until they meet. So the split adapts to the
// actual speed of each thread (an estimate of sweep cost per camera is off by ±20 %, and one
// core of a shared machine is often slower than the other) and neither idles while the other
// still has work. Workers write their per-camera visible runs to a shared arena, adopted by
// the engine as views, so incremental updates afterwards work exactly as after a
// single-threaded computeAll. Nothing large is copied between threads.

/**
 * One ParallelCoverage serves one engine: the engine adopts views of the workers' arenas, which
 * the next computeAll reuses (and so replaces every adopted contribution).
 */
export interface ParallelCoverage {
  computeAll(engine: CoverageEngine, cameras: readonly CoverageCamera[]): Promise<ComputeStats>;
  /** Where the last computeAll spent its time (the benchmark prints it). */
  timings(): ParallelTimings;
  close(): Promise<void>;
}

export interface ParallelTimings {
  /** Preparing, ordering and packing the cameras, up to the calling thread's first sweep. */
  prepareMs: number;
  /** The calling thread's clear and sweeps, and each worker's. */
  callerSweepMs: number;
  workerSweepMs: number[];
  /** From the end of the calling thread's sweeps to the end: waiting for the workers, folding spills, adopting contributions. */
  finishMs: number;
  totalMs: number;
}

// Run from source (tsx), the worker needs the TypeScript loader too.
const WORKER_URL = new URL("./node-worker.ts", import.meta.url);

interface Lane {
  worker: Worker;
  spill: Int32Array;
  /** Replies arrive here; `replied` counts them (see node-worker.ts). */
  port: MessagePort;
  replied: Int32Array;
  failure: Error | null;
}

/** How long the caller blocks waiting for a reply before it waits through its event loop instead (where worker errors surface). */
const BLOCKING_WAIT_MS = 200;

function shared(src: Float32Array | Uint8Array | Uint16Array): SharedArrayBuffer {
  if (src.buffer instanceof SharedArrayBuffer) return src.buffer;
  const buf = new SharedArrayBuffer(src.byteLength);
  new Uint8Array(buf).set(new Uint8Array(src.buffer, src.byteOffset, src.byteLength));
  return buf;
}

/** Relative sweep cost of a camera: the cells of its plan sector plus a per-column overhead. */
export function sweepCostOf(p: Pick<PreparedCamera, "reachCells" | "azHalfDeg">): number {
  const r = p.reachCells;
  return Math.PI * r * r * Math.min(1, p.azHalfDeg / 180) + 8 * r;
}

/**
 * Rows per strip of the camera list. Within a strip the cameras go west to east and back in
 * turn, so consecutive sweeps share most of their raster reads (a camera reaches 60–160 rows).
 */
export const STRIP_ROWS = 64;

/** Camera indices in list order: strips of STRIP_ROWS rows south to north, serpentine within a strip. */
export function listOrder(prepared: readonly Pick<PreparedCamera, "gx" | "gy">[]): number[] {
  const n = prepared.length;
  const strip = (p: Pick<PreparedCamera, "gy">): number => Math.min(4095, Math.max(0, Math.floor(p.gy / STRIP_ROWS)));
  const along = (p: Pick<PreparedCamera, "gx" | "gy">): number => {
    const x = Math.min(0xfffff, Math.max(0, Math.round(p.gx * 16))); // 1/16 cell
    return (strip(p) & 1) === 0 ? x : 0xfffff - x;
  };
  if (n > 0x20000) { // beyond the packed key's index bits
    return prepared.map((_, i) => i).sort((a, b) => strip(prepared[a]!) - strip(prepared[b]!) || along(prepared[a]!) - along(prepared[b]!) || a - b);
  }
  // One exact integer per camera (strip, position along it, index: < 2^50), sorted natively: a
  // comparator function costs ~0.4 ms per 1,000 cameras, on every recompute.
  const keys = new Float64Array(n);
  prepared.forEach((p, i) => { keys[i] = (strip(p) * 0x100000 + along(p)) * 0x20000 + i; });
  keys.sort();
  return Array.from(keys, (k) => k % 0x20000);
}

/** One thread's share: list positions [first, end) and the rows it owns [from, to), from strip edge to strip edge. */
export interface Band { first: number; end: number; rows: [number, number] }

/** Cuts the list into bands whose estimated costs follow the weights, at strip edges. */
export function planBands(prepared: readonly PreparedCamera[], list: readonly number[], gridRows: number,
  weights: readonly number[]): Band[] {
  const costs = list.map((k) => sweepCostOf(prepared[k]!));
  const strips = list.map((k) => Math.floor(prepared[k]!.gy / STRIP_ROWS));
  const total = costs.reduce((a, b) => a + b, 0), weightSum = weights.reduce((a, b) => a + b, 0);
  const bands: Band[] = [];
  let i = 0, acc = 0, goal = 0, from = 0;
  weights.forEach((w, t) => {
    const first = i, last = t === weights.length - 1;
    goal += (total * w) / weightSum;
    while (i < list.length && (last || acc + costs[i]! / 2 <= goal)) acc += costs[i++]!;
    if (!last && i > first && i < list.length && strips[i] === strips[i - 1]) {
      // Move the cut to the nearer edge of the strip it falls in.
      let j = i, k = i;
      while (j > first && strips[j - 1] === strips[i]) j--;
      while (k < list.length && strips[k] === strips[i]) k++;
      const cut = i - j <= k - i ? j : k;
      while (i < cut) acc += costs[i++]!;
      while (i > cut) acc -= costs[--i]!;
    }
    const to = last || i >= list.length ? gridRows : Math.max(from, Math.min(gridRows, strips[i]! * STRIP_ROWS));
    bands.push({ first, end: i, rows: [from, to] });
    from = to;
  });
  return bands;
}

/**
 * Thread t's walk over the list (see claimer): an even thread from its band's start towards the
 * next band's end, an odd one from its band's end back towards the previous band's start; a last
 * thread without a partner walks its own band.
 */
export function walkOf(bands: readonly Band[], t: number): { first: number; end: number; step: 1 | -1 } {
  if (t % 2 === 1) return { first: bands[t]!.end - 1, end: bands[t - 1]!.first - 1, step: -1 };
  const last = t + 1 < bands.length ? bands[t + 1]! : bands[t]!;
  return { first: bands[t]!.first, end: last.end, step: 1 };
}

/** Next band weights: half-way towards the share of the estimated cost each thread actually swept. */
export function rebalance(weights: readonly number[], sweptCosts: readonly number[]): number[] {
  const total = sweptCosts.reduce((a, b) => a + b, 0), weightSum = weights.reduce((a, b) => a + b, 0);
  if (!(total > 0)) return [...weights];
  return weights.map((w, i) => Math.min(0.9, Math.max(0.1, 0.5 * (w / weightSum) + 0.5 * (sweptCosts[i]! / total))));
}

function spawn(init: NodeInitMessage): Worker {
  const worker = WORKER_URL.pathname.endsWith(".ts")
    ? new Worker(`import("tsx/esm/api").then((m) => { m.register(); return import(${JSON.stringify(WORKER_URL.href)}); });`, { eval: true })
    : new Worker(WORKER_URL);
  worker.postMessage(init, [init.replyPort]);
  return worker;
}

/**
 * The lane's reply to job `jobId`. The worker ends within about one camera of the caller, so
 * this first blocks on the reply counter (a futex: woken within microseconds); past
 * BLOCKING_WAIT_MS it polls through the event loop, where a worker's crash is reported.
 */
async function replyOf(lane: Lane, jobId: number): Promise<ComputeReply> {
  const deadline = performance.now() + BLOCKING_WAIT_MS;
  for (;;) {
    const seen = Atomics.load(lane.replied, 0);
    const got = receiveMessageOnPort(lane.port) as { message: ComputeReply } | undefined;
    if (got) {
      if (got.message.jobId === jobId) return got.message;
      continue; // a reply to an abandoned job
    }
    if (lane.failure) throw lane.failure;
    const now = performance.now();
    if (now < deadline) Atomics.wait(lane.replied, 0, seen, deadline - now);
    else await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

export function createParallelCoverage(grid: CoverageGrid, workerCount = 1): ParallelCoverage {
  const n = grid.width * grid.height;
  const buffers: GridBuffers = {
    heights: shared(grid.heights), solid: shared(grid.solid), packed: shared(grid.packed), packedT: shared(grid.packedT),
    blocks: shared(grid.blocks), blocksT: shared(grid.blocksT),
  };
  const lanes: Lane[] = Array.from({ length: workerCount }, () => {
    const spill = new SharedArrayBuffer(n * 4), replied = new SharedArrayBuffer(4);
    const channel = new MessageChannel();
    const worker = spawn({ type: "init", meta: metaOf(grid), buffers, spill, replyPort: channel.port2, replied });
    const lane: Lane = { worker, spill: new Int32Array(spill), port: channel.port1, replied: new Int32Array(replied), failure: null };
    worker.on("error", (err) => { lane.failure = err; });
    worker.on("exit", (code) => { lane.failure ??= new Error(`Coverage worker exited (code ${code})`); });
    return lane;
  });
  let jobs = 0;

  const run = (lane: Lane, msg: ComputeMessage): void => {
    if (lane.failure) throw lane.failure;
    lane.worker.postMessage(msg);
  };

  const callerSpill = new Int32Array(new SharedArrayBuffer(n * 4));
  let boundTo: CoverageEngine | null = null;
  let broken: Error | null = null;
  let weights = [1, ...lanes.map(() => 1)];
  let last: ParallelTimings = { prepareMs: 0, callerSweepMs: 0, workerSweepMs: [], finishMs: 0, totalMs: 0 };

  return {
    async computeAll(engine, cameras) {
      if (!(engine.words.buffer instanceof SharedArrayBuffer)) throw new Error("Invariant: parallel coverage needs an engine on a shared grid");
      if (boundTo !== null && boundTo !== engine) throw new Error("Invariant: a parallel coverage serves one engine");
      if (broken) throw new Error("Invariant: this parallel coverage failed before", { cause: broken });
      boundTo = engine;
      const startMs = performance.now();
      const W = grid.width, targetHeightM = engine.targetHeightM;
      const prepared = cameras.map((c) => prepareCamera(c, grid, targetHeightM));
      const list = listOrder(prepared);
      const bands = planBands(prepared, list, grid.height, weights);
      const claims = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, list.length)));
      const packed = packCameras(list.map((k) => prepared[k]!), new Float64Array(new SharedArrayBuffer(8 * CAMERA_FIELDS * Math.max(1, list.length))));
      // A pair of threads folds its spills concurrently: each into the other's rows, once both are done sweeping.
      const sync = lanes.length === 1 ? new Int32Array(new SharedArrayBuffer(4 * 5)) : null;
      const own = bands[0]!, walk = walkOf(bands, 0), jobIds = lanes.map(() => ++jobs);
      // Workers start at once; each thread zeroes its own rows of the words as its sweeps reach them.
      lanes.forEach((lane, i) => run(lane, {
        type: "compute", jobId: jobIds[i]!, cameras: packed.buffer, claims: claims.buffer, ...walkOf(bands, i + 1),
        words: engine.words.buffer, memory: engine.cellMemory, slot: i + 1, ownRow0: bands[i + 1]!.rows[0], ownRow1: bands[i + 1]!.rows[1],
        pair: sync ? { sync: sync.buffer, rows: own.rows, spill: callerSpill.buffer } : null,
      }));
      const callerStartMs = performance.now();
      let mine: ReturnType<CoverageEngine["addClaimed"]>;
      try {
        engine.drop();
        const claim = claimer(claims, walk.first, walk.end, walk.step);
        mine = engine.addClaimed(cameras, prepared, () => { const i = claim(); return i < 0 ? -1 : list[i]!; },
          { ownRow0: own.rows[0], ownRow1: own.rows[1], spill: callerSpill },
          new RowZeroer(engine.words, W, own.rows[0], own.rows[1]));
      } catch (err) {
        // Release the worker at once; its spill may be left half folded, so this instance is done.
        if (sync) Atomics.add(sync, 0, 2);
        broken = err instanceof Error ? err : new Error(String(err));
        throw err;
      }
      const callerSweepMs = performance.now() - callerStartMs;
      // Spills are folded only once the threads whose rows they go to are done sweeping (and
      // zeroing) them: with a pair, as soon as both are; otherwise after every reply.
      const reach = reachOf(mine.indices.map((k) => mine.made[k]!.bounds));
      const mineFolded = sync !== null && pairDone(sync, 0, reach);
      const halfOf = (half: 0 | 1, workerReach: readonly [number, number]): void =>
        foldHalf(engine.words, [callerSpill, lanes[0]!.spill], [own.rows, bands[1]!.rows], [reach, workerReach], half, W);
      if (sync && mineFolded) halfOf(0, [sync[3]!, sync[4]!]);
      const replies: ComputeReply[] = [];
      for (const [i, lane] of lanes.entries()) replies.push(await replyOf(lane, jobIds[i]!));
      if (sync) {
        if (!mineFolded) halfOf(0, replies[0]!.rows);
        if (!replies[0]!.folded) halfOf(1, replies[0]!.rows);
      } else {
        foldOutside(engine.words, callerSpill, own.rows, reach, W);
        replies.forEach((reply, i) => foldOutside(engine.words, lanes[i]!.spill, bands[i + 1]!.rows, reply.rows, W));
      }
      const { all, stats, sweptCosts } = merge(engine, cameras, prepared, list, mine, replies);
      engine.adoptAll(all); // in input order, as after a single-threaded computeAll
      weights = rebalance(weights, sweptCosts);
      stats.cameras = cameras.length;
      const endMs = performance.now();
      last = { prepareMs: callerStartMs - startMs, callerSweepMs, workerSweepMs: replies.map((r) => r.sweepMs), finishMs: endMs - callerStartMs - callerSweepMs, totalMs: endMs - startMs };
      return stats;
    },
    timings: () => last,
    async close() {
      for (const l of lanes) l.port.close();
      await Promise.all(lanes.map((l) => l.worker.terminate()));
    },
  };
}

/**
 * The caller's and the workers' contributions, by camera index, and the summed stats; and the
 * estimated cost each thread swept (for the next split).
 */
function merge(engine: CoverageEngine, cameras: readonly CoverageCamera[], prepared: readonly PreparedCamera[], list: readonly number[],
  mine: ReturnType<CoverageEngine["addClaimed"]>, replies: readonly ComputeReply[]): { all: Contribution[]; stats: ComputeStats; sweptCosts: number[] } {
  const all = mine.made, stats = mine.stats;
  const sweptCosts = [mine.indices.reduce((sum, k) => sum + sweepCostOf(prepared[k]!), 0)];
  for (const reply of replies) {
    const runs = new Int32Array(reply.runs);
    let cost = 0;
    reply.swept.forEach((pos, j) => {
      const k = list[pos]!, [a, b] = [reply.offsets[j]!, reply.offsets[j + 1]!];
      all[k] = { camera: cameras[k]!, prepared: prepared[k]!, runs: runs.subarray(a * RUN_INTS, b * RUN_INTS), bounds: engine.boundsOf(prepared[k]!) };
      cost += sweepCostOf(prepared[k]!);
    });
    sweptCosts.push(cost);
    stats.tests += reply.tests;
    stats.frustumPairs += reply.frustumPairs;
    stats.visiblePairs += reply.visible;
  }
  return { all, stats, sweptCosts };
}

/** Rows [first, last] reached by cameras with these cell bounds (first > last: none). */
function reachOf(bounds: readonly (readonly [number, number, number, number])[]): [number, number] {
  let first = Infinity, last = -1;
  for (const b of bounds) {
    if (b[1] < first) first = b[1];
    if (b[3] > last) last = b[3];
  }
  return [Number.isFinite(first) ? first : 0, last];
}
