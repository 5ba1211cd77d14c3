import { TRPCError } from "@trpc/server";
import { ZAnalysisRequest, ZSuggestRequest, type RequirementRule, type Suggestion, type ZoneResult } from "../../contracts/coverage";
import { CampusNotFoundError, loadCampusModel } from "../../campus/persist";
import { analyseCampus } from "../../coverage/analysis";
import { GridTooLargeError } from "../../coverage/grid";
import { LENS_PRESETS, type LensPreset } from "../../coverage/lenses";
import { DEFAULT_RULES } from "../../coverage/requirements";
import { suggestCameras } from "../../coverage/suggest";
import { createTRPCRouter, publicProcedure } from "../trpc";
import type { CampusModel } from "../../contracts/campus";
import type { Db } from "../../store/db";

// Coverage planner procedures (issue 7). Thin: load the campus, run server/coverage, map errors.

async function load(db: Db, campusId: string): Promise<CampusModel> {
  try {
    return await loadCampusModel(db.prisma, campusId);
  } catch (err) {
    if (err instanceof CampusNotFoundError) throw new TRPCError({ code: "NOT_FOUND", message: err.message, cause: err });
    throw err;
  }
}

function guard<T>(run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof GridTooLargeError) throw new TRPCError({ code: "BAD_REQUEST", message: err.message, cause: err });
    throw err;
  }
}

export const coverageRouter = createTRPCRouter({
  /** The lens catalogue the what-if editor offers. */
  lenses: publicProcedure.query((): readonly LensPreset[] => LENS_PRESETS),

  /** The default requirement rules, each citing its requirement id. */
  rules: publicProcedure.query((): readonly RequirementRule[] => DEFAULT_RULES),

  /** Per-zone compliance of the registry with the given draft edits applied. */
  analyse: publicProcedure.input(ZAnalysisRequest).query(async ({ ctx, input }): Promise<ZoneResult[]> => {
    const model = await load(ctx.db, input.campusId);
    return guard(() => analyseCampus(model, input.options, input.edits, input.rules).evaluate());
  }),

  /** Greedy proposals of `count` new cameras, and the compliance they would give. */
  suggest: publicProcedure.input(ZSuggestRequest).mutation(async ({ ctx, input }): Promise<{ suggestions: Suggestion[]; zones: ZoneResult[] }> => {
    const model = await load(ctx.db, input.campusId);
    return guard(() => {
      const analysis = analyseCampus(model, input.options, input.edits);
      const lenses = input.lensIds ? LENS_PRESETS.filter((l) => input.lensIds!.includes(l.id)) : LENS_PRESETS;
      const suggestions = suggestCameras(analysis.engine, model, analysis.zones, input.count, lenses);
      return { suggestions, zones: analysis.evaluate() };
    });
  }),
});
