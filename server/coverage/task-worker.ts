import { parentPort } from "node:worker_threads";
import { runTask, type CoverageTask } from "./tasks";
import { GridTooLargeError } from "./grid";

// worker_threads entry of the coverage task pool (pool.ts): one task at a time, typed errors
// sent back by name so the pool can rebuild them for the router.

export interface TaskRequest { id: number; task: CoverageTask }
export type TaskReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { name: string; message: string; cells?: number; maxCells?: number } };

parentPort?.on("message", ({ id, task }: TaskRequest) => {
  let reply: TaskReply;
  try {
    reply = { id, ok: true, result: runTask(task) };
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    reply = { id, ok: false, error: {
      name: e.name, message: e.message,
      ...(err instanceof GridTooLargeError ? { cells: err.cells, maxCells: err.maxCells } : {}),
    } };
  }
  parentPort?.postMessage(reply);
});
