import { saveCampusModel } from "../../server/campus/persist";
import { createEventLog, type EventLog } from "../../server/events/log";
import { createMqttIngest, type MqttIngestOptions } from "../../server/ingest/mqtt/ingest";
import type { RunningIngest } from "../../server/ingest/types";
import { createDeadLetters } from "../../server/observability/dead-letters";
import { createLogger } from "../../server/observability/logger";
import { createMetrics, type Metrics } from "../../server/observability/metrics";
import { fixtureCampus } from "../population-fixture";
import { createTestDb, type TestDb } from "../support/db";

// A fresh database with the fixture campus, an event log, and an MQTT ingest started on it.

export interface MqttRig {
  tdb: TestDb;
  events: EventLog;
  metrics: Metrics;
  ingest: RunningIngest;
  campusId: string;
  close(): Promise<void>;
}

export async function startMqttRig(opts: Omit<MqttIngestOptions, "host" | "port"> & { port?: number } = {}): Promise<MqttRig> {
  const tdb = await createTestDb();
  const campus = fixtureCampus("fx");
  await saveCampusModel(tdb.db.prisma, campus);
  const events = createEventLog(tdb.db);
  const metrics = createMetrics();
  const logger = createLogger("error", {}, () => {});
  const deadLetters = createDeadLetters(tdb.db, metrics);
  const ingest = await createMqttIngest(
    { db: tdb.db, events, deadLetters, metrics, logger },
    { host: "127.0.0.1", port: opts.port ?? 0, ...opts },
  ).start();
  return {
    tdb, events, metrics, ingest, campusId: campus.id,
    async close() {
      await ingest.stop();
      await events.close();
      await tdb.drop();
    },
  };
}

/** Polls until `check` returns a value (for asynchronous effects such as dead letters). */
export async function eventually<T>(check: () => Promise<T | null | undefined | false>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error("condition not met before the deadline");
    await new Promise((r) => setTimeout(r, 20));
  }
}
