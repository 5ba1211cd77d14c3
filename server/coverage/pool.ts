import { Worker } from "node:worker_threads";
import { GridTooLargeError } from "./grid";
import type { CoverageTask, TaskResults } from "./tasks";
import type { TaskReply, TaskRequest } from "./task-worker";

// A small pool of worker_threads for whole-campus analyses and suggestions, so a request that
// sweeps every camera (hundreds of ms, seconds for Suggest) never stalls the event loop that
// serves HTTP, tRPC and Socket.IO. Tasks queue FIFO; each worker runs one at a time.

export interface CoverageTaskPool {
  run<K extends CoverageTask["kind"]>(task: Extract<CoverageTask, { kind: K }>): Promise<TaskResults[K]>;
  /** Tasks waiting or running. */
  pending(): number;
  close(): Promise<void>;
}

export class CoverageTaskError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

// Run from source (tsx), the worker needs the TypeScript loader too (as in parallel.ts).
const WORKER_URL = new URL("./task-worker.ts", import.meta.url);

function spawnWorker(): Worker {
  const worker = WORKER_URL.pathname.endsWith(".ts")
    ? new Worker(`import("tsx/esm/api").then((m) => { m.register(); return import(${JSON.stringify(WORKER_URL.href)}); });`, { eval: true })
    : new Worker(WORKER_URL);
  worker.unref(); // an idle pool never keeps the process alive
  return worker;
}

interface Job { req: TaskRequest; resolve: (v: unknown) => void; reject: (e: Error) => void }
interface Slot { worker: Worker; job: Job | null }

function errorOf(reply: Extract<TaskReply, { ok: false }>): Error {
  const e = reply.error;
  if (e.name === "GridTooLargeError" && e.cells !== undefined && e.maxCells !== undefined) return new GridTooLargeError(e.cells, e.maxCells);
  return new CoverageTaskError(e.name, e.message);
}

export function createCoverageTaskPool(size = 1): CoverageTaskPool {
  const queue: Job[] = [];
  let nextId = 0, closed = false;
  const slots: Slot[] = [];

  const dispatch = (): void => {
    for (const slot of slots) {
      if (slot.job || queue.length === 0) continue;
      slot.job = queue.shift()!;
      slot.worker.ref(); // busy: keep the process up until the answer arrives
      slot.worker.postMessage(slot.job.req);
    }
  };

  const attach = (slot: Slot): void => {
    slot.worker.on("message", (reply: TaskReply) => {
      const job = slot.job;
      if (!job || job.req.id !== reply.id) return;
      slot.job = null;
      slot.worker.unref();
      if (reply.ok) job.resolve(reply.result); else job.reject(errorOf(reply));
      dispatch();
    });
    // A crashed worker fails its task and is replaced; the queue keeps going.
    slot.worker.on("error", (err) => {
      slot.job?.reject(err);
      slot.job = null;
      if (closed) return;
      void slot.worker.terminate();
      slot.worker = spawnWorker();
      attach(slot);
      dispatch();
    });
  };

  for (let i = 0; i < Math.max(1, size); i++) {
    const slot: Slot = { worker: spawnWorker(), job: null };
    attach(slot);
    slots.push(slot);
  }

  return {
    run(task) {
      if (closed) return Promise.reject(new Error("Invariant: coverage task pool is closed"));
      return new Promise((resolve, reject) => {
        queue.push({ req: { id: ++nextId, task }, resolve: resolve as (v: unknown) => void, reject });
        dispatch();
      });
    },
    pending: () => queue.length + slots.filter((s) => s.job).length,
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.reject(new Error("coverage task pool closed"));
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}

let shared: CoverageTaskPool | null = null;

/** The process-wide pool the tRPC router uses, created on first use (one worker: 2-core boxes). */
export function sharedCoverageTaskPool(): CoverageTaskPool {
  shared ??= createCoverageTaskPool(1);
  return shared;
}
