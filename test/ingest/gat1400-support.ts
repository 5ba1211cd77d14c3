import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEventLog, type EventLog } from "../../server/events/log";
import { createGat1400Ingest, type Gat1400Options } from "../../server/ingest/gat1400/server";
import type { RunningIngest } from "../../server/ingest/types";
import { createDeadLetters } from "../../server/observability/dead-letters";
import { silentLogger } from "../../server/observability/logger";
import { createMetrics, type Metrics } from "../../server/observability/metrics";
import { createTestDb, type TestDb } from "../support/db";

// A GA/T 1400 listener on port 0 against a fresh test database holding one campus with an
// LPR camera, a face camera, a watchlisted vehicle and a watchlisted person; plus a raw HTTP
// helper and an RFC 2617 digest computed here, independently of the server's code.

export const CAMPUS = "campus-gat";
export const LPR_ID = "31010000001320000001";
export const FACE_ID = "31010000001320000002";
export const PASSWORD = "s3cret-gat";
export const WATCH_PLATE = "沪A99999";
export const WATCH_FACE = "face-lib-0007";

export interface Harness {
  tdb: TestDb;
  events: EventLog;
  metrics: Metrics;
  ingest: RunningIngest;
  port: number;
  imageDir: string;
  stop(): Promise<void>;
}

export async function startHarness(opts: Partial<Gat1400Options> = {}): Promise<Harness> {
  const tdb = await createTestDb();
  const p = tdb.db.prisma;
  await p.campus.create({ data: { id: CAMPUS, name: "GA/T test campus", originLat: 31.2, originLon: 121.4, boundaryJson: "[[0,0],[100,0],[100,100]]" } });
  await p.device.createMany({
    data: [
      { id: "dev-lpr-1", campusId: CAMPUS, kind: "lpr_camera", protocol: "gat1400", externalId: LPR_ID, name: "North gate LPR", xM: 10, yM: 20, floor: 0 },
      { id: "dev-face-1", campusId: CAMPUS, kind: "face_camera", protocol: "gat1400", externalId: FACE_ID, name: "Library face", xM: 30, yM: 40, floor: 1 },
    ],
  });
  await p.vehicle.create({ data: { id: "veh-watch", campusId: CAMPUS, plate: WATCH_PLATE, watchlist: true } });
  await p.vehicle.create({ data: { id: "veh-staff", campusId: CAMPUS, plate: "沪B12345" } });
  await p.person.create({ data: { id: "per-watch", campusId: CAMPUS, name: "Watchlisted", role: "visitor", faceId: WATCH_FACE, watchlist: true } });
  const events = createEventLog(tdb.db);
  const metrics = createMetrics();
  const imageDir = mkdtempSync(join(tmpdir(), "campustwin-images-"));
  const ingest = await createGat1400Ingest(
    { db: tdb.db, events, deadLetters: createDeadLetters(tdb.db, metrics), metrics, logger: silentLogger },
    { host: "127.0.0.1", port: 0, imageDir, defaultPassword: PASSWORD, ...opts },
  ).start();
  return {
    tdb, events, metrics, ingest, port: ingest.ports.http!, imageDir,
    async stop() {
      await ingest.stop();
      await events.close();
      await tdb.drop();
      rmSync(imageDir, { recursive: true, force: true });
    },
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: unknown;
  text: string;
}

export function http(port: number, method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method, path, headers: { ...(body !== undefined ? { "content-type": "application/VIID+JSON" } : {}), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let json: unknown = null;
        try { json = JSON.parse(text); } catch { json = null; }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, json, text });
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

const md5 = (s: string) => createHash("md5").update(s).digest("hex");

/** RFC 2617 §3.2.2 Authorization for qop=auth, written from the RFC (not from the server code). */
export function authorizationFor(challengeHeader: string, username: string, password: string, method: string, uri: string, count = 1): string {
  const field = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(challengeHeader)?.[1] ?? "";
  const realm = field("realm");
  const nonce = field("nonce");
  const opaque = field("opaque");
  const nc = count.toString(16).padStart(8, "0");
  const cnonce = randomBytes(8).toString("hex");
  const response = md5(`${md5(`${username}:${realm}:${password}`)}:${nonce}:${nc}:${cnonce}:auth:${md5(`${method}:${uri}`)}`);
  return `Digest username="${username}", realm="${realm}", nonce="${nonce}", uri="${uri}", qop=auth, nc=${nc}, cnonce="${cnonce}", response="${response}", opaque="${opaque}"`;
}

/** Registers `deviceId` over raw HTTP (challenge, then digest answer); returns the final response. */
export async function register(port: number, deviceId: string, password = PASSWORD): Promise<RawResponse> {
  const body = JSON.stringify({ RegisterObject: { DeviceID: deviceId } });
  const first = await http(port, "POST", "/VIID/System/Register", body);
  const challenge = String(first.headers["www-authenticate"] ?? "");
  const authorization = authorizationFor(challenge, deviceId, password, "POST", "/VIID/System/Register");
  return http(port, "POST", "/VIID/System/Register", body, { authorization });
}

export async function waitFor<T>(probe: () => Promise<T | null | undefined>, what: string, deadlineMs = 10_000): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
