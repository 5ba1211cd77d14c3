import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadCampusModel } from "../campus/persist";
import type { Drill, DrillStart } from "../contracts/drill";
import type { NewCampusEvent } from "../contracts/event";
import type { EventLog } from "../events/log";
import { DRILL_ENDED_KIND } from "../history/state";
import type { Db } from "../store/db";
import type { DeviceAction } from "../../simulators/population/actions";
import { simulateWindow } from "../../simulators/population/model";
import { compileScenario, loadScenario } from "../../simulators/population/scenario";
import { actionToEvents } from "./action-events";

// Drill mode: a scenario (simulators/scenarios/*.json) played into the event log in process, its
// window shifted to start now and every event marked as a drill (data.drill, source.rawRef), so
// fusion opens real incidents that every screen shows as drill incidents. The commander then
// works them through the ordinary API; their actions are recorded as for real incidents.

export const SCENARIO_DIR = fileURLToPath(new URL("../../simulators/scenarios", import.meta.url));
const TICK_MS = 500;

export class DrillError extends Error {
  override name = "DrillError";
}

export interface DrillServiceOptions {
  db: Db;
  events: EventLog;
  now?: () => Date;
  /** Injectable timer; default setInterval. Return a cancel function. */
  schedule?: (fn: () => void, periodMs: number) => () => void;
  scenarioDir?: string;
}

export interface DrillService {
  start(input: DrillStart, actor: string): Promise<Drill>;
  /** Appends the drill's events due by now (the timer calls this); returns how many. */
  advance(drillId: string): Promise<number>;
  end(drillId: string, actor: string, state?: "ended" | "aborted"): Promise<Drill>;
  get(drillId: string): Promise<Drill | null>;
  list(campusId: string): Promise<Drill[]>;
  stop(): Promise<void>;
}

interface Running { drill: Drill; actions: DeviceAction[]; next: number; playFromMs: number; cancel: () => void; busy: Promise<number> | null }

export function createDrillService(o: DrillServiceOptions): DrillService {
  const now = o.now ?? (() => new Date());
  const schedule = o.schedule ?? ((fn, ms) => { const t = setInterval(fn, ms); t.unref(); return () => clearInterval(t); });
  const running = new Map<string, Running>();

  async function appendDue(r: Running): Promise<number> {
    const d = r.drill;
    const nowMs = now().getTime();
    const out: NewCampusEvent[] = [];
    while (r.next < r.actions.length) {
      const a = r.actions[r.next]!;
      const atMs = d.startedAt.getTime() + (a.atMs - r.playFromMs) / d.speed;
      if (atMs > nowMs) break;
      out.push(...actionToEvents(a, { idPrefix: `drill:${d.id}:`, campusId: d.campusId, atMs, drillId: d.id }));
      r.next++;
    }
    if (out.length === 0) return 0;
    const { stored } = await o.events.append(out);
    d.events += stored.length;
    await o.db.prisma.drill.update({ where: { id: d.id }, data: { eventCount: d.events } });
    return stored.length;
  }

  return {
    async start(input, actor) {
      const dir = o.scenarioDir ?? SCENARIO_DIR;
      let scenario;
      try {
        scenario = loadScenario(join(dir, `${input.scenario}.json`));
      } catch (err) {
        throw new DrillError(`Scenario ${input.scenario} cannot be loaded: ${err instanceof Error ? err.message : String(err)}`);
      }
      const campus = await loadCampusModel(o.db.prisma, input.campusId);
      const startedAt = now();
      const compiled = compileScenario(scenario, campus, startedAt.getTime());
      const firstStepMs = Math.min(compiled.simEndMs, ...compiled.faults.map((f) => f.atMs));
      const playFromMs = Math.max(compiled.simStartMs, firstStepMs - input.leadInMin * 60_000);
      const actions = simulateWindow(campus, { seed: scenario.seed, size: scenario.population, faults: compiled.faults }, playFromMs, compiled.simEndMs);
      const drill: Drill = {
        id: `drill-${randomUUID().slice(0, 8)}`, campusId: input.campusId, scenario: input.scenario, title: scenario.name, state: "running",
        speed: input.speed, startedBy: actor, startedAt, endedAt: null, events: 0,
      };
      await o.db.prisma.drill.create({ data: { id: drill.id, campusId: drill.campusId, scenario: drill.scenario, title: drill.title, speed: drill.speed, startedBy: actor, startedAt } });
      const r: Running = { drill, actions, next: 0, playFromMs, busy: null, cancel: () => undefined };
      running.set(drill.id, r);
      r.cancel = schedule(() => { if (!r.busy) r.busy = appendDue(r).finally(() => { r.busy = null; }); }, TICK_MS);
      return { ...drill };
    },
    async advance(drillId) {
      const r = running.get(drillId);
      if (!r) throw new DrillError(`Drill ${drillId} is not running`);
      await r.busy;
      return appendDue(r);
    },
    async end(drillId, actor, state = "ended") {
      const r = running.get(drillId);
      const row = await o.db.prisma.drill.findUnique({ where: { id: drillId } });
      if (!row) throw new DrillError(`Drill ${drillId} does not exist`);
      if (row.state !== "running") throw new DrillError(`Drill ${drillId} is already ${row.state}`);
      if (r) {
        r.cancel();
        await r.busy;
        running.delete(drillId);
      }
      const endedAt = now();
      await o.events.append([{
        id: `drill:${drillId}:ended`, campusId: row.campusId, kind: DRILL_ENDED_KIND, severity: 0, occurredAt: endedAt,
        source: { protocol: "system", rawRef: `drill:${drillId}:ended` }, data: { drill: drillId, actor, state },
      }]);
      await o.db.prisma.drill.update({ where: { id: drillId }, data: { state, endedAt } });
      return (await this.get(drillId))!;
    },
    async get(drillId) {
      const row = await o.db.prisma.drill.findUnique({ where: { id: drillId } });
      return row ? drillOfRow(row) : null;
    },
    async list(campusId) {
      const rows = await o.db.prisma.drill.findMany({ where: { campusId }, orderBy: { startedAt: "desc" }, take: 100 });
      return rows.map(drillOfRow);
    },
    async stop() {
      for (const r of running.values()) {
        r.cancel();
        await r.busy;
      }
      running.clear();
    },
  };
}

type DrillRow = NonNullable<Awaited<ReturnType<Db["prisma"]["drill"]["findUnique"]>>>;

export function drillOfRow(r: DrillRow): Drill {
  const state = r.state === "ended" || r.state === "aborted" ? r.state : "running";
  return { id: r.id, campusId: r.campusId, scenario: r.scenario, title: r.title, state, speed: r.speed, startedBy: r.startedBy, startedAt: r.startedAt, endedAt: r.endedAt, events: r.eventCount };
}
