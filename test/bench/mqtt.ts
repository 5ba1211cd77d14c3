import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { saveCampusModel } from "../../server/campus/persist";
import { createEventLog } from "../../server/events/log";
import { createMqttIngest } from "../../server/ingest/mqtt/ingest";
import { createDeadLetters } from "../../server/observability/dead-letters";
import { createLogger } from "../../server/observability/logger";
import { createMetrics } from "../../server/observability/metrics";
import { fixtureCampus } from "../population-fixture";
import { createTestDb } from "../support/db";

// MQTT ingest benchmark (issue 4 "Benchmark"): QoS-1 access events from a publisher in a
// child process, through the embedded broker, to committed rows in the event log. 40 connections
// (a campus's access controllers each hold their own; the default campus has 158 doors), each
// with up to 100 unacknowledged publishes. With 4 connections of 1,000 the rate was lower
// (~23–28k/s): aedes reads a connection's next chunk only after the last chunk's publishes are
// acknowledged, i.e. committed, so a few connections leave the parser and the writer thread
// taking turns instead of overlapping.
// events/s = events committed / wall time of the run; p99 = publish → PUBACK, and the PUBACK
// is sent only after the commit. Database follows TEST_DATABASE_URL (SQLite by default).
// Standalone: `tsx test/bench/mqtt.ts` prints `RESULT mqtt_events_per_s <n>`.

export interface MqttBenchOptions {
  connections?: number;
  perConnection?: number;
  window?: number;
}

interface PublisherReport { total: number; elapsedMs: number; p99Ms: number; p50Ms: number; cpuMs: number }

export interface MqttBenchResult {
  eventsPerS: number; p99Ms: number; p50Ms: number; events: number; cpuMsPerKEvents: number; publisherCpuMsPerKEvents: number;
}

export async function benchMqtt(o: MqttBenchOptions = {}): Promise<MqttBenchResult> {
  const tdb = await createTestDb();
  const campus = fixtureCampus("bench");
  await saveCampusModel(tdb.db.prisma, campus);
  const metrics = createMetrics();
  const events = createEventLog(tdb.db);
  const ingest = await createMqttIngest(
    { db: tdb.db, events, deadLetters: createDeadLetters(tdb.db, metrics), metrics, logger: createLogger("error", {}, () => {}) },
    { host: "127.0.0.1", port: 0 },
  ).start();
  try {
    const doors = campus.devices.filter((d) => d.kind === "access_door").map((d) => d.externalId);
    const args = [
      `mqtt://127.0.0.1:${ingest.ports.mqtt}`, String(o.connections ?? 40), String(o.perConnection ?? 5000), String(o.window ?? 100),
      campus.id, ...doors,
    ];
    const cpu0 = process.cpuUsage();
    const report = await new Promise<PublisherReport>((resolve, reject) => {
      const child = fork(fileURLToPath(new URL("./mqtt-publisher.ts", import.meta.url)), args, { execArgv: ["--import", "tsx"] });
      child.once("message", (m) => resolve(m as PublisherReport));
      child.once("error", reject);
      child.once("exit", (code) => code !== 0 && reject(new Error(`publisher exited with ${code}`)));
    });
    const cpu = process.cpuUsage(cpu0);
    const stored = await events.lastSeq();
    if (stored !== report.total) throw new Error(`Invariant: ${report.total} published, ${stored} stored`);
    return {
      eventsPerS: Math.round((report.total / report.elapsedMs) * 1000), p99Ms: round(report.p99Ms), p50Ms: round(report.p50Ms), events: report.total,
      // The receiver (broker, ingest, event log and its writer thread) runs in this process.
      cpuMsPerKEvents: Math.round(((cpu.user + cpu.system) / 1000 / report.total) * 1000),
      publisherCpuMsPerKEvents: Math.round((report.cpuMs / report.total) * 1000),
    };
  } finally {
    await ingest.stop();
    await events.close();
    await tdb.drop();
  }
}

const round = (x: number) => Math.round(x * 100) / 100;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = await benchMqtt();
  console.log(`mqtt: ${r.events} access events, ${r.eventsPerS} events/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms (publish → committed)`);
  console.log(`receiver CPU: ${r.cpuMsPerKEvents} ms per 1,000 events; publisher CPU: ${r.publisherCpuMsPerKEvents} ms`);
  console.log(`RESULT mqtt_events_per_s ${r.eventsPerS}`);
  console.log(`RESULT mqtt_p99_ms ${r.p99Ms}`);
}
