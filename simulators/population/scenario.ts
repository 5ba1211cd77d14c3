import { readFileSync } from "node:fs";
import { z } from "zod";
import type { CampusModel } from "../../server/contracts/campus";
import { ZFault, type Fault } from "./faults";
import { localMidnightMs, tzOffsetMin } from "./model";

// Scenario files (simulators/scenarios/*.json): a window of a campus day, a population, and a
// timeline of steps, each a fault or incident at a campus-local time ("21:40") or an offset
// from the start ("+15m"). Compiled against a campus into the model's inputs.

const ZHhMm = z.string().regex(/^\d{2}:\d{2}$/, "expected HH:MM");

export const ZScenario = z.object({
  name: z.string().min(1),
  description: z.string().default(""),
  seed: z.number().int().default(1),
  /** Campus-local day: "today" or YYYY-MM-DD. */
  date: z.string().default("today"),
  start: ZHhMm,
  durationMin: z.number().positive().max(7 * 24 * 60),
  speed: z.number().min(1).max(600).default(60),
  population: z.object({
    students: z.number().int().nonnegative().optional(),
    staff: z.number().int().nonnegative().optional(),
    visitors: z.number().int().nonnegative().optional(),
    commuterShare: z.number().min(0).max(1).optional(),
    staffDriverShare: z.number().min(0).max(1).optional(),
    otherVehicles: z.number().int().nonnegative().optional(),
    guards: z.number().int().positive().optional(),
  }).default({}),
  steps: z.array(z.object({ at: z.string().regex(/^(\d{2}:\d{2}|\+\d+m)$/, "expected HH:MM or +Nm"), do: z.string(), note: z.string().optional() }).passthrough()).default([]),
});
export type Scenario = z.infer<typeof ZScenario>;

export class ScenarioError extends Error {
  override name = "ScenarioError";
}

export function loadScenario(path: string): Scenario {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new ScenarioError(`Cannot read scenario ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const r = ZScenario.safeParse(json);
  if (!r.success) throw new ScenarioError(`Scenario ${path}: ${r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return r.data;
}

export interface CompiledScenario {
  simStartMs: number;
  simEndMs: number;
  faults: Fault[];
}

const hhmmToMin = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));

export function compileScenario(s: Scenario, campus: CampusModel, nowMs: number): CompiledScenario {
  const date = s.date === "today" ? new Date(nowMs + tzOffsetMin(campus.timeZone, nowMs) * 60_000).toISOString().slice(0, 10) : s.date;
  const midnight = localMidnightMs(date, campus.timeZone);
  const simStartMs = midnight + hhmmToMin(s.start) * 60_000;
  const simEndMs = simStartMs + s.durationMin * 60_000;
  const faults = s.steps.map((step, i) => {
    const atMs = step.at.startsWith("+")
      ? simStartMs + Number(step.at.slice(1, -1)) * 60_000
      : midnight + hhmmToMin(step.at) * 60_000 + (hhmmToMin(step.at) < hhmmToMin(s.start) ? 86_400_000 : 0);
    const { at: _at, do: type, note: _note, ...params } = step;
    const r = ZFault.safeParse({ ...params, type, atMs });
    if (!r.success) throw new ScenarioError(`Scenario "${s.name}" step ${i + 1} (${type}): ${r.error.issues.map((x) => `${x.path.join(".")}: ${x.message}`).join("; ")}`);
    return r.data;
  });
  return { simStartMs, simEndMs, faults };
}
