import { saveCampusModel } from "../../server/campus/persist";
import { generateCampus } from "../../server/campus/generator/campus";
import type { CampusModel } from "../../server/contracts/campus";
import type { CampusEvent, NewCampusEvent } from "../../server/contracts/event";
import { createEventLog, type EventLog } from "../../server/events/log";
import { createFusion } from "../../server/fusion/fusion";
import type { Fusion, FusionConfig } from "../../server/fusion/types";
import type { Notifier } from "../../server/notify/types";
import { createLogger, type Logger } from "../../server/observability/logger";
import { createMetrics, type Metrics } from "../../server/observability/metrics";
import type { Db } from "../../server/store/db";
import { createTestDb, type TestDb } from "../support/db";

// A small generated campus in a fresh test database, a fake clock and a running fusion.
// Fusion reports processing failures only through its logger and metrics, so the harness logs
// into a recorder and every `emit`/`idle`/`close` fails when an error-level line appeared: a
// broken persist can no longer hide behind an assertion about a missing incident.

export interface RecordingLogger extends Logger {
  /** Error-level lines (parsed JSON) since the last `take()`. */
  readonly errors: Array<Record<string, unknown>>;
  /** Returns and clears the recorded errors (for tests that provoke them on purpose). */
  take(): Array<Record<string, unknown>>;
}

export function createRecordingLogger(): RecordingLogger {
  const errors: Array<Record<string, unknown>> = [];
  const logger = createLogger("error", {}, (level, line) => {
    if (level === "error") errors.push(JSON.parse(line) as Record<string, unknown>);
  });
  return Object.assign(logger, { errors, take: () => errors.splice(0, errors.length) });
}

/** Throws when the logger recorded an error-level line: fusion swallowed a failure. */
export function assertNoLoggedErrors(logger: RecordingLogger, where: string): void {
  if (logger.errors.length === 0) return;
  const lines = logger.take().map((l) => JSON.stringify(l)).join("\n");
  throw new Error(`fusion logged errors (${where}):\n${lines}`);
}

export interface Harness {
  t: TestDb;
  model: CampusModel;
  events: EventLog;
  /** The running fusion; `restart` replaces it. */
  readonly fusion: Fusion;
  logger: RecordingLogger;
  metrics: Metrics;
  clock: { now: Date; advance(ms: number): void };
  /** Appends one device event at the clock's time and waits until fusion applied it. */
  emit(e: Partial<NewCampusEvent> & { kind: string }): Promise<CampusEvent>;
  /** Waits until fusion applied everything committed, then checks no error was logged. */
  idle(): Promise<void>;
  /** Stops the running fusion and starts a new one on the same log (a server restart). */
  restart(opts?: { config?: FusionConfig }): Promise<Fusion>;
  close(): Promise<void>;
}

/** The silent logger for collaborators whose failures a test provokes (e.g. a webhook answering 500). */
export const silentLogger = createLogger("error", {}, () => undefined);
let counter = 0;

export async function createHarness(opts: {
  config?: FusionConfig; notifier?: Notifier; start?: Date;
  /** Wraps the database fusion writes through (e.g. to simulate an outage). */
  wrapDb?: (db: Db) => Db;
} = {}): Promise<Harness> {
  const t = await createTestDb();
  const model = generateCampus({ seed: 7, size: "small" });
  await saveCampusModel(t.db.prisma, model);
  const clock = { now: opts.start ?? new Date("2026-03-04T02:00:00Z"), advance(ms: number) { this.now = new Date(this.now.getTime() + ms); } };
  const now = () => clock.now;
  const events = createEventLog(t.db, { now });
  const logger = createRecordingLogger();
  const metrics = createMetrics();
  const make = (config: FusionConfig) => createFusion({
    db: opts.wrapDb ? opts.wrapDb(t.db) : t.db, events, logger, metrics, now, notifier: opts.notifier ?? null, config,
    schedule: () => () => undefined,
  });
  let fusion = make(opts.config ?? {});
  await fusion.start();
  assertNoLoggedErrors(logger, "start");
  const h: Harness = {
    t, model, events, logger, metrics, clock,
    get fusion() { return fusion; },
    async emit(e) {
      const device = e.deviceId ? model.devices.find((d) => d.id === e.deviceId) : undefined;
      const r = await events.append([{
        id: `test-${++counter}-${Math.random().toString(36).slice(2)}`, campusId: model.id, severity: 2, occurredAt: clock.now,
        deviceId: null, location: device ? { xM: device.position[0], yM: device.position[1], floor: device.floor } : null,
        source: { protocol: "simulator", rawRef: null }, ...e,
      }]);
      await h.idle();
      return r.stored[0]!;
    },
    async idle() {
      await fusion.idle();
      assertNoLoggedErrors(logger, "idle");
    },
    async restart(o = {}) {
      await fusion.stop();
      fusion = make(o.config ?? opts.config ?? {});
      await fusion.start();
      assertNoLoggedErrors(logger, "restart");
      return fusion;
    },
    async close() {
      await fusion.stop();
      await events.close();
      await t.drop();
      assertNoLoggedErrors(logger, "close");
    },
  };
  return h;
}

export function devicesOf(model: CampusModel, kind: string) {
  return model.devices.filter((d) => d.kind === kind);
}
