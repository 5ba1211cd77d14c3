/// <reference lib="webworker" />
import { CoverageSession, handleSessionRequest, type SessionRequest } from "../../../server/coverage/session";

// The planner's Web Worker: the same isomorphic coverage engine the server runs, kept off the
// UI thread so dragging a camera never stutters the 3D view.

const session = new CoverageSession();
const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (ev: MessageEvent<SessionRequest>) => {
  const reply = handleSessionRequest(session, ev.data, () => performance.now());
  scope.postMessage(reply, reply.type === "state" ? [reply.ranks.buffer] : []);
};
