import { parentPort, type MessagePort } from "node:worker_threads";
import { computeBatch, initBatchState, type BatchState, type ComputeMessage, type InitMessage } from "./worker-protocol";

// worker_threads entry: one coverage worker (see parallel.ts). Replies carry shared buffers
// and two small arrays (positions swept, offsets), which are transferred. They go to a port
// of their own and bump a shared counter, so the caller can wait for them on that counter and
// take them synchronously (receiveMessageOnPort) instead of through its event loop, which
// takes ~1 ms to wake up.

/** The Node side of the init message: where replies go and the counter bumped after each. */
export interface NodeInitMessage extends InitMessage {
  replyPort: MessagePort;
  replied: SharedArrayBuffer;
}

let state: BatchState | null = null;
let replyPort: MessagePort | null = null;
let replied: Int32Array | null = null;
parentPort?.on("message", (msg: NodeInitMessage | ComputeMessage) => {
  if (msg.type === "init") {
    state = initBatchState(msg);
    replyPort = msg.replyPort;
    replied = new Int32Array(msg.replied);
    return;
  }
  if (!state || !replyPort || !replied) throw new Error("Invariant: coverage worker got work before init");
  const reply = computeBatch(state, msg);
  replyPort.postMessage(reply, [reply.offsets.buffer, reply.swept.buffer]);
  Atomics.add(replied, 0, 1);
  Atomics.notify(replied, 0);
});
