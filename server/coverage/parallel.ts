import { Worker } from "node:worker_threads";
import type { CoverageCamera } from "../contracts/coverage";
import type { ComputeStats, CoverageEngine } from "./engine";
import type { CoverageGrid } from "./grid";
import type { ComputeMessage, ComputeReply, InitMessage } from "./worker-protocol";

// Full recompute on several cores (Node worker_threads). The calling thread sweeps its share
// straight into the engine while each worker sweeps the rest into its own shared per-cell
// arrays; the caller then folds those in and adopts the workers' per-camera contributions,
// so incremental updates afterwards work exactly as after a single-threaded computeAll.

export interface ParallelCoverage {
  computeAll(engine: CoverageEngine, cameras: readonly CoverageCamera[]): Promise<ComputeStats>;
  close(): Promise<void>;
}

// Run from source (tsx), the worker needs the TypeScript loader too.
const WORKER_URL = new URL("./node-worker.ts", import.meta.url);

interface Lane { worker: Worker; best: Float32Array; count: Uint16Array }

function shared(src: Float32Array | Uint8Array): SharedArrayBuffer {
  if (src.buffer instanceof SharedArrayBuffer) return src.buffer;
  const buf = new SharedArrayBuffer(src.byteLength);
  new Uint8Array(buf).set(new Uint8Array(src.buffer, src.byteOffset, src.byteLength));
  return buf;
}

/** Relative sweep cost of a camera: its plan-view sector area in cells². */
function costOf(cam: CoverageCamera, cellSizeM: number): number {
  const r = cam.optics.rangeM / cellSizeM;
  return r * r * Math.min(1, (cam.optics.hfovDeg + 20) / 360);
}

export function createParallelCoverage(grid: CoverageGrid, workerCount = 1): ParallelCoverage {
  const n = grid.width * grid.height;
  const { heights: _h, heightsT: _t, solid: _s, ...meta } = grid;
  const [heights, heightsT, solid] = [shared(grid.heights), shared(grid.heightsT), shared(grid.solid)];
  const lanes: Lane[] = Array.from({ length: workerCount }, () => {
    const worker = WORKER_URL.pathname.endsWith(".ts")
      ? new Worker(`import("tsx/esm/api").then((m) => { m.register(); return import(${JSON.stringify(WORKER_URL.href)}); });`, { eval: true })
      : new Worker(WORKER_URL);
    const best = new SharedArrayBuffer(n * 4), count = new SharedArrayBuffer(n * 2);
    const init: InitMessage = { type: "init", meta, heights, heightsT, solid, best, count };
    worker.postMessage(init);
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
    lane.worker.postMessage(msg);
  });

  return {
    async computeAll(engine, cameras) {
      const targetHeightM = engine.targetHeightM;
      // Longest-processing-time split over the caller (share 0) and the workers.
      const shares: CoverageCamera[][] = Array.from({ length: lanes.length + 1 }, () => []);
      const load = new Array<number>(lanes.length + 1).fill(0);
      for (const cam of [...cameras].sort((a, b) => costOf(b, grid.cellSizeM) - costOf(a, grid.cellSizeM))) {
        const k = load.indexOf(Math.min(...load));
        shares[k]!.push(cam);
        load[k] = load[k]! + costOf(cam, grid.cellSizeM) * (k === 0 ? 1.1 : 1); // the caller also merges
      }
      const pending = lanes.map((lane, i) => run(lane, { type: "compute", jobId: ++jobs, targetHeightM, cameras: shares[i + 1]! }));
      engine.clear();
      const stats = engine.addAll(shares[0]!);
      const replies = await Promise.all(pending);
      replies.forEach((reply, i) => {
        const lane = lanes[i]!;
        engine.mergeCells(lane.best, lane.count);
        shares[i + 1]!.forEach((camera, k) => {
          const [a, b] = [reply.offsets[k]!, reply.offsets[k + 1]!];
          const bounds = reply.bounds.subarray(k * 4, k * 4 + 4);
          engine.adopt({ camera, cells: reply.cells.subarray(a, b), pxPerM: reply.pxPerM.subarray(a, b),
            bounds: [bounds[0]!, bounds[1]!, bounds[2]!, bounds[3]!] });
        });
        stats.tests += reply.tests;
        stats.visiblePairs += reply.cells.length;
      });
      stats.cameras = cameras.length;
      return stats;
    },
    async close() {
      await Promise.all(lanes.map((l) => l.worker.terminate()));
    },
  };
}
