import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { ZAnalysisRequest, ZSuggestRequest, type PlanReport, type RequirementRule, type Suggestion, type ZoneResult } from "../../contracts/coverage";
import { CampusNotFoundError, loadCampusModel } from "../../campus/persist";
import { GridTooLargeError } from "../../coverage/grid";
import { LENS_PRESETS, type LensPreset } from "../../coverage/lenses";
import { getPlan } from "../../coverage/plans";
import { sharedCoverageTaskPool } from "../../coverage/pool";
import { buildPlanReport } from "../../coverage/report";
import { planReportCsv } from "../../coverage/report-csv";
import { DEFAULT_RULES, effectiveRules } from "../../coverage/requirements";
import { createTRPCRouter, procedureFor } from "../trpc";
import { coveragePlansRouter, mapPlanErrors } from "./coverage-plans";
import type { CampusModel } from "../../contracts/campus";
import type { Db } from "../../store/db";

// Coverage planner procedures (issue 7). Thin: load the campus, hand the sweep to the worker
// pool (server/coverage/pool.ts: never on the request thread), map errors.

async function load(db: Db, campusId: string): Promise<CampusModel> {
  try {
    return await loadCampusModel(db.prisma, campusId);
  } catch (err) {
    if (err instanceof CampusNotFoundError) throw new TRPCError({ code: "NOT_FOUND", message: err.message, cause: err });
    throw err;
  }
}

async function guard<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof GridTooLargeError) throw new TRPCError({ code: "BAD_REQUEST", message: err.message, cause: err });
    throw err;
  }
}

async function report(db: Db, planId: string): Promise<PlanReport> {
  const plan = await mapPlanErrors(() => getPlan(db.prisma, planId));
  const model = await load(db, plan.campusId);
  const zones = await guard(() => sharedCoverageTaskPool().run({ kind: "analyse", model, options: plan.options, edits: plan.changes, withOutlines: true }));
  return buildPlanReport(model, plan, zones, effectiveRules(undefined));
}

export const coverageRouter = createTRPCRouter({
  /** The lens catalogue the what-if editor offers. */
  lenses: procedureFor("coverage.read").query((): readonly LensPreset[] => LENS_PRESETS),

  /** The default requirement rules, each citing its requirement id. */
  rules: procedureFor("coverage.read").query((): readonly RequirementRule[] => DEFAULT_RULES),

  /** Per-zone compliance of the registry with the given draft edits applied. */
  analyse: procedureFor("coverage.read").input(ZAnalysisRequest).query(async ({ ctx, input }): Promise<ZoneResult[]> => {
    const model = await load(ctx.db, input.campusId);
    return guard(() => sharedCoverageTaskPool().run({ kind: "analyse", model, options: input.options, edits: input.edits,
      ...(input.rules ? { rules: input.rules } : {}), withOutlines: true }));
  }),

  /** Greedy proposals of `count` new cameras, and the compliance they would give. */
  suggest: procedureFor("coverage.plan").input(ZSuggestRequest).mutation(async ({ ctx, input }): Promise<{ suggestions: Suggestion[]; zones: ZoneResult[] }> => {
    const model = await load(ctx.db, input.campusId);
    return guard(() => sharedCoverageTaskPool().run({ kind: "suggest", model, options: input.options, edits: input.edits, count: input.count,
      ...(input.lensIds ? { lensIds: input.lensIds } : {}) }));
  }),

  plans: coveragePlansRouter,

  /** A plan's report: compliance table, blind-spot map (SVG), cameras with changes, new cameras by model. */
  report: procedureFor("coverage.read").input(z.object({ planId: z.string() })).query(({ ctx, input }) => report(ctx.db, input.planId)),

  /** The same report as CSV text (UTF-8 with BOM, RFC 4180 quoting) for Excel. */
  reportCsv: procedureFor("coverage.read").input(z.object({ planId: z.string() })).query(async ({ ctx, input }): Promise<string> => planReportCsv(await report(ctx.db, input.planId))),
});
