import type { CampusModel } from "../../../server/contracts/campus";
import type { AnalysisOptions, CameraChange, Suggestion } from "../../../server/contracts/coverage";
import type { SessionReply, SessionRequest } from "../../../server/coverage/session";

// Browser wrapper around the coverage session protocol (server/coverage/session.ts): one Web
// Worker, promise per request. Edits while a previous one is computing are coalesced: only the
// latest pending edit per camera is sent, so a drag never queues stale positions.

export type CoverageState = Extract<SessionReply, { type: "state" }>;

type Body = SessionRequest extends infer R ? (R extends SessionRequest ? Omit<R, "reqId"> : never) : never;
type Pending = { resolve: (r: SessionReply) => void; reject: (e: Error) => void };

export interface CoverageClient {
  open(model: CampusModel, options: AnalysisOptions, edits: CameraChange[]): Promise<CoverageState>;
  /** Resolves with the state after this edit, or null when a newer edit of the same camera superseded it. */
  edit(change: CameraChange): Promise<CoverageState | null>;
  suggest(count: number): Promise<Suggestion[]>;
  terminate(): void;
}

const idOf = (c: CameraChange): string => (c.op === "remove" ? c.cameraId : c.camera.id);

export function createCoverageClient(): CoverageClient {
  const worker = new Worker(new URL("./coverage.worker.ts", import.meta.url), { type: "module" });
  const pending = new Map<number, Pending>();
  let reqId = 0;
  let busy = false;
  const queued: { change: CameraChange; done: (s: CoverageState | null) => void; fail: (e: Error) => void }[] = [];

  worker.onmessage = (ev: MessageEvent<SessionReply>) => {
    const p = pending.get(ev.data.reqId);
    pending.delete(ev.data.reqId);
    if (!p) return;
    if (ev.data.type === "error") p.reject(new Error(ev.data.message));
    else p.resolve(ev.data);
  };
  worker.onerror = (ev) => {
    for (const p of pending.values()) p.reject(new Error(ev.message || "coverage worker failed"));
    pending.clear();
  };

  const send = (body: Body): Promise<SessionReply> => new Promise((resolve, reject) => {
    const id = ++reqId;
    pending.set(id, { resolve, reject });
    const req: SessionRequest = { ...body, reqId: id };
    worker.postMessage(req);
  });

  const pump = (): void => {
    if (busy || queued.length === 0) return;
    const next = queued.shift()!;
    busy = true;
    send({ type: "edit", change: next.change })
      .then((r) => next.done(r as CoverageState), next.fail)
      .finally(() => { busy = false; pump(); });
  };

  return {
    open: async (model, options, edits) => (await send({ type: "open", model, options, edits })) as CoverageState,
    edit(change) {
      return new Promise((done, fail) => {
        const same = queued.findIndex((q) => idOf(q.change) === idOf(change) && q.change.op !== "remove" && change.op !== "remove");
        if (same >= 0) queued.splice(same, 1)[0]!.done(null);
        queued.push({ change, done, fail });
        pump();
      });
    },
    suggest: async (count) => {
      const r = await send({ type: "suggest", count });
      return r.type === "suggested" ? r.suggestions : [];
    },
    terminate: () => worker.terminate(),
  };
}
