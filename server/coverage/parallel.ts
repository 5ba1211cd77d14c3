import { Worker } from "node:worker_threads";
import type { CoverageCamera } from "../contracts/coverage";
import { prepareCamera, type PreparedCamera } from "./camera";
import { spatialOrder, type ComputeStats, type CoverageEngine } from "./engine";
import { metaOf, type CoverageGrid, type GridBuffers } from "./grid";
import { packCameras, type ComputeMessage, type ComputeReply, type InitMessage } from "./worker-protocol";

// Full recompute on several cores (Node worker_threads). The cameras are cut into bands of rows
// of about equal estimated cost, south to north; each thread sweeps its band's cameras (in
// Hilbert order, so raster reads stay in cache) straight into the engine's shared best/count
// for the rows it owns, and into its own spill arrays for the rows beyond, which the caller
// folds in once all are done: no locks, no races, and only the few rows near band edges are
// merged. Workers write their per-camera visible cells to a shared arena, adopted by the engine
// as views, so incremental updates afterwards work exactly as after a single-threaded
// computeAll. Nothing large is copied between threads.

/**
 * One ParallelCoverage serves one engine: the engine adopts views of the workers' arenas, which
 * the next computeAll reuses (and so replaces every adopted contribution).
 */
export interface ParallelCoverage {
  computeAll(engine: CoverageEngine, cameras: readonly CoverageCamera[]): Promise<ComputeStats>;
  close(): Promise<void>;
}

// Run from source (tsx), the worker needs the TypeScript loader too.
const WORKER_URL = new URL("./node-worker.ts", import.meta.url);

interface Lane { worker: Worker; best: Float32Array; count: Uint16Array }

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

/** Initial share of the work the calling thread keeps: it also clears the grids and folds the spills in. */
const CALLER_WEIGHT = 0.85;

/**
 * Next split weights from the last run: each thread's measured throughput (cost per ms), so a
 * thread that got less of a shared, busy machine gets less work next time. Smoothed, and kept
 * within 4× of even so one odd run cannot starve a thread.
 */
export function rebalance(weights: readonly number[], costs: readonly number[], sweepMs: readonly number[]): number[] {
  const rates = costs.map((c, i) => (c > 0 && sweepMs[i]! > 0 ? c / sweepMs[i]! : 0));
  const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
  if (!(mean > 0) || rates.some((r) => r === 0)) return [...weights];
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w, i) => {
    const next = 0.5 * (w / total) + 0.5 * (rates[i]! / mean / rates.length);
    return Math.min(4, Math.max(0.25, next * rates.length));
  });
}

/** Cuts `order` into contiguous runs whose costs follow the weights (first run first). */
export function splitByCost(order: readonly number[], costs: readonly number[], weights: readonly number[]): number[][] {
  const total = order.reduce((s, k) => s + costs[k]!, 0);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const runs: number[][] = weights.map(() => []);
  let part = 0, acc = 0, bound = (total * weights[0]!) / weightSum;
  for (const k of order) {
    while (part < weights.length - 1 && acc + costs[k]! / 2 > bound) {
      part++;
      bound += (total * weights[part]!) / weightSum;
    }
    runs[part]!.push(k);
    acc += costs[k]!;
  }
  return runs;
}

/** One thread's share: its cameras (in Hilbert order), the rows it owns [from, to) and the rows they reach [first, last]. */
export interface Band { cameras: number[]; rows: [number, number]; reach: [number, number] }

/** Splits the cameras into bands of rows, south to north, of about equal sweep cost (weighted). */
export function planBands(prepared: readonly PreparedCamera[], gridRows: number, weights: readonly number[]): Band[] {
  const byRow = prepared.map((_, i) => i).sort((a, b) => prepared[a]!.gy - prepared[b]!.gy || a - b);
  const runs = splitByCost(byRow, prepared.map(sweepCostOf), weights);
  let from = 0;
  return runs.map((run, i) => {
    const next = runs.slice(i + 1).find((r) => r.length > 0);
    // The boundary runs midway between this band's last camera and the next band's first.
    const to = next && run.length > 0
      ? Math.min(gridRows, Math.max(from, Math.round((prepared[run[run.length - 1]!]!.gy + prepared[next[0]!]!.gy) / 2)))
      : next ? from : gridRows;
    const band: Band = { cameras: spatialOrder(run.map((k) => prepared[k]!)).map((j) => run[j]!), rows: [from, i === runs.length - 1 ? gridRows : to], reach: [gridRows, -1] };
    for (const k of run) {
      const p = prepared[k]!, r = Math.ceil(p.reachCells) + 1;
      band.reach = [Math.max(0, Math.min(band.reach[0], Math.floor(p.gy) - r)), Math.min(gridRows - 1, Math.max(band.reach[1], Math.floor(p.gy) + r))];
    }
    from = band.rows[1];
    return band;
  });
}

/** Folds a thread's spill rows (those its cameras reach outside the rows it owns) into the engine. */
function foldOutside(engine: CoverageEngine, spill: { best: Float32Array; count: Uint16Array }, own: [number, number],
  reach: [number, number], W: number): void {
  if (reach[0] < own[0]) engine.foldSpill(spill.best, spill.count, reach[0] * W, Math.min(own[0], reach[1] + 1) * W);
  if (reach[1] >= own[1]) engine.foldSpill(spill.best, spill.count, Math.max(own[1], reach[0]) * W, (reach[1] + 1) * W);
}

function spawn(init: InitMessage): Worker {
  const worker = WORKER_URL.pathname.endsWith(".ts")
    ? new Worker(`import("tsx/esm/api").then((m) => { m.register(); return import(${JSON.stringify(WORKER_URL.href)}); });`, { eval: true })
    : new Worker(WORKER_URL);
  worker.postMessage(init);
  return worker;
}

export function createParallelCoverage(grid: CoverageGrid, workerCount = 1): ParallelCoverage {
  const n = grid.width * grid.height;
  const buffers: GridBuffers = {
    heights: shared(grid.heights), solid: shared(grid.solid), packed: shared(grid.packed), packedT: shared(grid.packedT),
    blocks: shared(grid.blocks), blocksT: shared(grid.blocksT),
  };
  const lanes: Lane[] = Array.from({ length: workerCount }, () => {
    const best = new SharedArrayBuffer(n * 4), count = new SharedArrayBuffer(n * 2);
    const worker = spawn({ type: "init", meta: metaOf(grid), buffers, best, count });
    return { worker, best: new Float32Array(best), count: new Uint16Array(count) };
  });
  let jobs = 0;

  const run = (lane: Lane, msg: ComputeMessage): Promise<ComputeReply> => new Promise((resolve, reject) => {
    const onMessage = (reply: ComputeReply): void => {
      if (reply.jobId !== msg.jobId) return;
      lane.worker.off("message", onMessage);
      lane.worker.off("error", reject);
      resolve(reply);
    };
    lane.worker.on("message", onMessage);
    lane.worker.once("error", reject);
    lane.worker.postMessage(msg, [msg.cameras.buffer]);
  });

  const callerSpill = { best: new Float32Array(n), count: new Uint16Array(n) };
  let boundTo: CoverageEngine | null = null;
  let weights = [CALLER_WEIGHT, ...lanes.map(() => 1)];

  return {
    async computeAll(engine, cameras) {
      if (!(engine.best.buffer instanceof SharedArrayBuffer)) throw new Error("Invariant: parallel coverage needs an engine on a shared grid");
      if (boundTo !== null && boundTo !== engine) throw new Error("Invariant: a parallel coverage serves one engine");
      boundTo = engine;
      const W = grid.width, targetHeightM = engine.targetHeightM;
      const prepared = cameras.map((c) => prepareCamera(c, grid, targetHeightM));
      const costs = prepared.map(sweepCostOf);
      const plan = planBands(prepared, grid.height, weights);
      // Workers start at once and zero their own rows of best/count; this thread zeroes its own.
      const pending = lanes.map((lane, i) => {
        const band = plan[i + 1]!;
        return run(lane, { type: "compute", jobId: ++jobs, targetHeightM, cameras: packCameras(band.cameras.map((k) => cameras[k]!)),
          best: engine.best.buffer, count: engine.count.buffer, ownFrom: band.rows[0] * W, ownTo: band.rows[1] * W });
      });
      const own = plan[0]!;
      engine.clear(own.rows[0] * W, own.rows[1] * W);
      const callerStartMs = performance.now();
      const stats = engine.addAll(own.cameras.map((k) => cameras[k]!),
        { ownFrom: own.rows[0] * W, ownTo: own.rows[1] * W, spillBest: callerSpill.best, spillCount: callerSpill.count });
      const callerMs = performance.now() - callerStartMs;
      const replies = await Promise.all(pending);
      // Spills are folded only once every thread is done: the rows they go to are another
      // thread's, which may still be writing (and zeroing) them until it replies.
      foldOutside(engine, callerSpill, own.rows, own.reach, W);
      const bandCost = (b: Band): number => b.cameras.reduce((sum, k) => sum + costs[k]!, 0);
      weights = rebalance(weights, plan.map(bandCost), [callerMs, ...replies.map((r) => r.sweepMs)]);
      replies.forEach((reply, i) => {
        const lane = lanes[i]!, band = plan[i + 1]!;
        foldOutside(engine, lane, band.rows, reply.rows, W);
        const cells = new Int32Array(reply.cells), pxPerM = new Float32Array(reply.pxPerM);
        band.cameras.forEach((k, j) => {
          const [a, b] = [reply.offsets[j]!, reply.offsets[j + 1]!];
          engine.adopt({ camera: cameras[k]!, cells: cells.subarray(a, b), pxPerM: pxPerM.subarray(a, b), bounds: engine.boundsOf(prepared[k]!) });
        });
        stats.tests += reply.tests;
        stats.frustumPairs += reply.frustumPairs;
        stats.visiblePairs += reply.offsets[reply.offsets.length - 1]!;
      });
      engine.reorder(cameras.map((c) => c.id)); // as after a single-threaded computeAll
      stats.cameras = cameras.length;
      return stats;
    },
    async close() {
      await Promise.all(lanes.map((l) => l.worker.terminate()));
    },
  };
}
