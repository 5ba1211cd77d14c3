import { parentPort } from "node:worker_threads";
import { computeBatch, initBatchState, type BatchState, type ComputeMessage, type InitMessage } from "./worker-protocol";

// worker_threads entry: one coverage worker (see parallel.ts). Replies carry shared buffers
// and two small arrays (positions swept, offsets), which are transferred.

let state: BatchState | null = null;
parentPort?.on("message", (msg: InitMessage | ComputeMessage) => {
  if (msg.type === "init") {
    state = initBatchState(msg);
    return;
  }
  if (!state) throw new Error("Invariant: coverage worker got work before init");
  const reply = computeBatch(state, msg);
  parentPort?.postMessage(reply, [reply.offsets.buffer, reply.swept.buffer]);
});
