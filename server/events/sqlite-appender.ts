import { Worker } from "node:worker_threads";
import type { WriterReply, WriterRequest, WriterSetup } from "./sqlite-writer-protocol";

// The SQLite event appender, main-thread side: hands each batch to a writer worker
// (sqlite-writer-worker.ts) and resolves with the seq of every stored row. better-sqlite3 is
// synchronous, so inserting on the main thread stalled every protocol listener for the length
// of each transaction; in the worker the insert and its fsync overlap the parsing of the next
// batch and the ACKs of the last one. Batches are answered in the order they were sent.

const WORKER_URL = new URL(`./sqlite-writer-worker${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url);

export interface SqliteWorkerAppender {
  /** `values` flattened row-major; resolves with one seq per row (0 = id already stored). */
  insert(values: unknown[]): Promise<Float64Array>;
  close(): Promise<void>;
}

interface Waiter { resolve(seqs: Float64Array): void; reject(err: Error): void }

export class EventWriterError extends Error {
  constructor(message: string, readonly path: string) {
    super(`event log writer (${path}): ${message}`);
    this.name = "EventWriterError";
  }
}

function spawn(setup: WriterSetup): Worker {
  // Under tsx (dev, tests) the worker must register the TypeScript loader itself.
  return WORKER_URL.pathname.endsWith(".ts")
    ? new Worker(`import("tsx/esm/api").then((m) => { m.register(); return import(${JSON.stringify(WORKER_URL.href)}); });`, { eval: true, workerData: setup })
    : new Worker(WORKER_URL, { workerData: setup });
}

export function createSqliteWorkerAppender(setup: WriterSetup): SqliteWorkerAppender {
  const worker = spawn(setup);
  // Referenced only while a batch is out, so an idle log never keeps the process alive.
  worker.unref();
  const waiting = new Map<number, Waiter>();
  let next = 0;
  let failure: Error | null = null;
  let closed: (() => void) | null = null;
  let closing: Promise<void> | null = null;
  /** Nothing outstanding: not a batch, not a close (a close must hold the process until done). */
  const idle = () => waiting.size === 0 && closing === null;

  const failAll = (err: Error) => {
    failure = err;
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
    worker.unref();
  };
  worker.on("message", (reply: WriterReply) => {
    // Receiving a message re-references the worker's port; an idle log must not hold the process.
    if (reply.type === "ready") return void (idle() && worker.unref());
    if (reply.type === "closed") return closed?.();
    const w = waiting.get(reply.n);
    waiting.delete(reply.n);
    if (idle()) worker.unref();
    if (reply.type === "done") w?.resolve(reply.seqs);
    else w?.reject(new EventWriterError(reply.message, setup.path));
  });
  worker.on("error", (err) => failAll(new EventWriterError(err.message, setup.path)));
  worker.on("exit", (code) => {
    if (waiting.size > 0 || !closed) failAll(new EventWriterError(`worker exited (code ${code})`, setup.path));
    closed?.();
  });

  const send = (req: WriterRequest) => worker.postMessage(req);

  return {
    insert(values) {
      if (failure) return Promise.reject(failure);
      if (closing) return Promise.reject(new EventWriterError("insert after close", setup.path));
      const n = next++;
      return new Promise<Float64Array>((resolve, reject) => {
        if (waiting.size === 0) worker.ref();
        waiting.set(n, { resolve, reject });
        try {
          send({ type: "insert", n, values });
        } catch (err) {
          waiting.delete(n);
          if (idle()) worker.unref();
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      });
    },
    close() {
      if (failure) return Promise.resolve();
      closing ??= new Promise<void>((resolve) => {
        closed = resolve;
        worker.ref();
        send({ type: "close" });
      }).then(() => worker.terminate()).then(() => undefined);
      return closing;
    },
  };
}
