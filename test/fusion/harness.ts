import { saveCampusModel } from "../../server/campus/persist";
import { generateCampus } from "../../server/campus/generator/campus";
import type { CampusModel } from "../../server/contracts/campus";
import type { CampusEvent, NewCampusEvent } from "../../server/contracts/event";
import { createEventLog, type EventLog } from "../../server/events/log";
import { createFusion } from "../../server/fusion/fusion";
import type { Fusion, FusionConfig } from "../../server/fusion/types";
import type { Notifier } from "../../server/notify/types";
import { createLogger } from "../../server/observability/logger";
import { createTestDb, type TestDb } from "../support/db";

// A small generated campus in a fresh test database, a fake clock and a running fusion.

export interface Harness {
  t: TestDb;
  model: CampusModel;
  events: EventLog;
  fusion: Fusion;
  clock: { now: Date; advance(ms: number): void };
  /** Appends one device event at the clock's time and waits until fusion applied it. */
  emit(e: Partial<NewCampusEvent> & { kind: string }): Promise<CampusEvent>;
  close(): Promise<void>;
}

export const silentLogger = createLogger("error", {}, () => undefined);
let counter = 0;

export async function createHarness(opts: { config?: FusionConfig; notifier?: Notifier; start?: Date } = {}): Promise<Harness> {
  const t = await createTestDb();
  const model = generateCampus({ seed: 7, size: "small" });
  await saveCampusModel(t.db.prisma, model);
  const clock = { now: opts.start ?? new Date("2026-03-04T02:00:00Z"), advance(ms: number) { this.now = new Date(this.now.getTime() + ms); } };
  const now = () => clock.now;
  const events = createEventLog(t.db, { now });
  const fusion = createFusion({
    db: t.db, events, logger: silentLogger, now, notifier: opts.notifier ?? null, config: opts.config ?? {},
    schedule: () => () => undefined,
  });
  await fusion.start();
  return {
    t, model, events, fusion, clock,
    async emit(e) {
      const device = e.deviceId ? model.devices.find((d) => d.id === e.deviceId) : undefined;
      const r = await events.append([{
        id: `test-${++counter}-${Math.random().toString(36).slice(2)}`, campusId: model.id, severity: 2, occurredAt: clock.now,
        deviceId: null, location: device ? { xM: device.position[0], yM: device.position[1], floor: device.floor } : null,
        source: { protocol: "simulator", rawRef: null }, ...e,
      }]);
      await fusion.idle();
      return r.stored[0]!;
    },
    async close() {
      await fusion.stop();
      await events.close();
      await t.drop();
    },
  };
}

export function devicesOf(model: CampusModel, kind: string) {
  return model.devices.filter((d) => d.kind === kind);
}
