import type { ResponseStatusObject } from "../../server/contracts/gat1400";
import { createViidClient, ViidError, type ViidAddress, type ViidClient } from "./client";
import { badRecord, faceRecord, vehicleRecord, type BadKind } from "./records";

// A simulated GA/T 1400 camera: an LPR camera posting MotorVehicle records or a face-capture
// camera posting Face records. It registers (digest), keeps alive on an interval, re-registers
// when the server has forgotten it (401), and re-posts a batch the server did not confirm, the
// way a real camera's upload buffer does. Problems are reported by key, never thrown from timers.

export type CameraKind = "lpr" | "face";

export interface Gat1400CameraOptions {
  server: ViidAddress;
  deviceId: string;
  kind: CameraKind;
  password: string;
  username?: string;
  /** Records per second while running (fractions accumulate). */
  ratePerS?: number;
  keepaliveIntervalS?: number;
  /** Inline JPEG pictures in each record (default true). */
  images?: boolean;
  utcOffsetMin?: number;
  now?: () => Date;
  onProblem?: (key: string, message: string) => void;
}

export interface CameraStats {
  posted: number;
  accepted: number;
  refused: number;
  failedRequests: number;
}

export interface Gat1400Camera {
  readonly client: ViidClient;
  readonly stats: CameraStats;
  register(): Promise<void>;
  /** Registers, then keeps alive and posts at `ratePerS` until stop(). */
  start(): Promise<void>;
  stop(opts?: { unregister?: boolean }): Promise<void>;
  /** Posts `count` ordinary records now; returns the per-object statuses. */
  post(count: number): Promise<ResponseStatusObject[]>;
  postWatchlistPlate(plate: string): Promise<ResponseStatusObject[]>;
  postWatchlistFace(faceId: string, similarity?: number): Promise<ResponseStatusObject[]>;
  /** Posts one good record and one broken one in the same batch. */
  postBad(bad: BadKind): Promise<ResponseStatusObject[]>;
}

const MAX_PENDING = 1_000;

export function createGat1400Camera(opts: Gat1400CameraOptions): Gat1400Camera {
  const now = opts.now ?? (() => new Date());
  const client = createViidClient({ server: opts.server, deviceId: opts.deviceId, password: opts.password, username: opts.username });
  const path = opts.kind === "lpr" ? "/VIID/MotorVehicles" : "/VIID/Faces";
  const stats: CameraStats = { posted: 0, accepted: 0, refused: 0, failedRequests: 0 };
  const problem = opts.onProblem ?? (() => undefined);
  let seq = 0;
  let pending: Record<string, unknown>[] = [];
  let credit = 0;
  let timers: NodeJS.Timeout[] = [];
  let busy = false;

  const base = () => ({ deviceId: opts.deviceId, seq: seq++, at: now(), utcOffsetMin: opts.utcOffsetMin, images: opts.images });
  const ordinary = () => (opts.kind === "lpr" ? vehicleRecord(base()) : faceRecord(base()));

  async function postObjects(objects: Record<string, unknown>[]): Promise<ResponseStatusObject[]> {
    const body = opts.kind === "lpr"
      ? { MotorVehicleListObject: { MotorVehicleObject: objects } }
      : { FaceListObject: { FaceObject: objects } };
    let statuses: ResponseStatusObject[];
    try {
      statuses = await client.postList(path, body);
    } catch (err) {
      if (err instanceof ViidError && err.httpStatus === 401) {
        await client.register(); // the server forgot us (restart, unregister): register and retry once
        statuses = await client.postList(path, body);
      } else throw err;
    }
    stats.posted += objects.length;
    for (const s of statuses) {
      if (s.StatusCode === 0) stats.accepted++;
      else stats.refused++;
    }
    return statuses;
  }

  async function tick(): Promise<void> {
    if (busy) return;
    busy = true;
    credit += opts.ratePerS ?? 1;
    const n = Math.floor(credit);
    credit -= n;
    for (let i = 0; i < n; i++) pending.push(ordinary());
    const batch = pending.splice(0, 100);
    try {
      if (batch.length) await postObjects(batch);
    } catch (err) {
      stats.failedRequests++;
      pending = [...batch, ...pending].slice(0, MAX_PENDING); // re-post later; ids keep it idempotent
      problem("post", err instanceof Error ? err.message : String(err));
    } finally {
      busy = false;
    }
  }

  async function keepalive(): Promise<void> {
    try {
      await client.keepalive();
    } catch (err) {
      problem("keepalive", err instanceof Error ? err.message : String(err));
      if (err instanceof ViidError && err.httpStatus === 401) await client.register().catch((e: unknown) => problem("register", String(e)));
    }
  }

  const camera: Gat1400Camera = {
    client,
    stats,
    async register() {
      await client.register();
    },
    async start() {
      await client.register();
      timers.push(setInterval(() => void keepalive(), (opts.keepaliveIntervalS ?? 30) * 1000));
      timers.push(setInterval(() => void tick(), 1000));
    },
    async stop(o = {}) {
      for (const t of timers) clearInterval(t);
      timers = [];
      if (o.unregister) await client.unregister().catch((e: unknown) => problem("unregister", String(e)));
      client.close();
    },
    post: (count) => postObjects(Array.from({ length: count }, ordinary)),
    postWatchlistPlate: (plate) => postObjects([vehicleRecord({ ...base(), plate })]),
    postWatchlistFace: (faceId, similarity = 0.93) => postObjects([faceRecord({ ...base(), match: { faceId, similarity } })]),
    postBad: (bad) => postObjects([ordinary(), badRecord(opts.kind, bad, base())]),
  };
  return camera;
}
