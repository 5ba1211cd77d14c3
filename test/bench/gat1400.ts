import { fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createEventLog } from "../../server/events/log";
import { createGat1400Ingest } from "../../server/ingest/gat1400/server";
import { createDeadLetters } from "../../server/observability/dead-letters";
import { silentLogger } from "../../server/observability/logger";
import { createMetrics } from "../../server/observability/metrics";
import { createTestDb } from "../support/db";

// GA/T 1400 ingest benchmark (issue 4 "Benchmark", target ≥ 5,000 records/s, images excluded):
// several simulated LPR cameras in a child process, each on one keep-alive HTTP connection to
// 127.0.0.1, post MotorVehicle batches back to back. records/s = records acknowledged with
// StatusCode 0 (acknowledged only after commit) / wall time; p99 = batch post → status list.
// Bounded by a record count and a deadline. Database follows TEST_DATABASE_URL (SQLite default).
// Standalone: `tsx test/bench/gat1400.ts` prints `RESULT gat1400_records_per_s <n>`.

export interface Gat1400BenchOptions {
  connections?: number;
  batchesPerConnection?: number;
  batchSize?: number;
  deadlineMs?: number;
}

interface ClientReport { accepted: number; refused: number; elapsedMs: number; batches: number; p50Ms: number; p99Ms: number }

const PASSWORD = "bench-password";
const CAMPUS = "bench-gat1400";

export async function benchGat1400(o: Gat1400BenchOptions = {}): Promise<{ recordsPerS: number; p99Ms: number; p50Ms: number; records: number }> {
  const connections = o.connections ?? 8;
  const tdb = await createTestDb();
  const imageDir = mkdtempSync(join(tmpdir(), "campustwin-bench-images-"));
  const deviceIds = Array.from({ length: connections }, (_, i) => `3101000000132${String(i).padStart(7, "0")}`);
  await tdb.db.prisma.campus.create({ data: { id: CAMPUS, name: "GA/T 1400 bench", originLat: 31.2, originLon: 121.4, boundaryJson: "[[0,0],[500,0],[500,500]]" } });
  await tdb.db.prisma.device.createMany({
    data: deviceIds.map((externalId, i) => ({
      id: `bench-lpr-${i}`, campusId: CAMPUS, kind: "lpr_camera", protocol: "gat1400", externalId, name: `Bench LPR ${i}`, xM: 10 * i, yM: 5,
    })),
  });
  await tdb.db.prisma.vehicle.create({ data: { id: "bench-watch", campusId: CAMPUS, plate: "沪A00000", watchlist: true } });
  const metrics = createMetrics();
  const events = createEventLog(tdb.db);
  const ingest = await createGat1400Ingest(
    { db: tdb.db, events, deadLetters: createDeadLetters(tdb.db, metrics), metrics, logger: silentLogger },
    { host: "127.0.0.1", port: 0, imageDir, defaultPassword: PASSWORD },
  ).start();
  try {
    const args = [
      String(ingest.ports.http), String(connections), String(o.batchesPerConnection ?? 100), String(o.batchSize ?? 100),
      String(o.deadlineMs ?? 30_000), PASSWORD, ...deviceIds,
    ];
    const report = await new Promise<ClientReport>((resolve, reject) => {
      const child = fork(fileURLToPath(new URL("./gat1400-client.ts", import.meta.url)), args, { execArgv: ["--import", "tsx"] });
      child.once("message", (m) => resolve(m as ClientReport));
      child.once("error", reject);
      child.once("exit", (code) => code !== 0 && reject(new Error(`GA/T 1400 bench client exited with ${code}`)));
    });
    const stored = await tdb.db.prisma.event.count({ where: { kind: "lpr.read" } });
    if (report.refused > 0 || stored !== report.accepted) {
      throw new Error(`Invariant: ${report.accepted} acknowledged, ${report.refused} refused, ${stored} lpr.read stored`);
    }
    return {
      recordsPerS: Math.round((report.accepted / report.elapsedMs) * 1000),
      p99Ms: round(report.p99Ms),
      p50Ms: round(report.p50Ms),
      records: report.accepted,
    };
  } finally {
    await ingest.stop();
    await events.close();
    await tdb.drop();
    rmSync(imageDir, { recursive: true, force: true });
  }
}

const round = (x: number) => Math.round(x * 100) / 100;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = await benchGat1400();
  console.log(`gat1400: ${r.records} vehicle records (no pictures), ${r.recordsPerS} records/s, batch p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms (post → committed status list)`);
  console.log(`RESULT gat1400_records_per_s ${r.recordsPerS}`);
  console.log(`RESULT gat1400_p99_ms ${r.p99Ms}`);
}
