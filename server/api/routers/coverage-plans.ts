import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { ZPlanApplyInput, ZPlanSaveInput, type CoveragePlan } from "../../contracts/coverage";
import { CampusNotFoundError } from "../../campus/persist";
import {
  applyPlan, discardPlan, getPlan, listPlans, savePlan, NotAuthorisedError, PlanConflictError, PlanNotDraftError, PlanNotFoundError, type ApplyResult,
} from "../../coverage/plans";
import { createTRPCRouter, procedureFor } from "../trpc";

// coverage.plans.*: named drafts (issue 7). Thin: server/coverage/plans.ts does the work.

export async function mapPlanErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof PlanNotFoundError || err instanceof CampusNotFoundError) throw new TRPCError({ code: "NOT_FOUND", message: err.message, cause: err });
    if (err instanceof PlanNotDraftError || err instanceof PlanConflictError) throw new TRPCError({ code: "CONFLICT", message: err.message, cause: err });
    if (err instanceof NotAuthorisedError) throw new TRPCError({ code: "FORBIDDEN", message: err.message, cause: err });
    throw err;
  }
}

export const coveragePlansRouter = createTRPCRouter({
  list: procedureFor("coverage.read").input(z.object({ campusId: z.string(), includeClosed: z.boolean().default(true) }))
    .query(({ ctx, input }): Promise<CoveragePlan[]> => listPlans(ctx.db.prisma, input.campusId, input.includeClosed)),

  get: procedureFor("coverage.read").input(z.object({ planId: z.string() }))
    .query(({ ctx, input }): Promise<CoveragePlan> => mapPlanErrors(() => getPlan(ctx.db.prisma, input.planId))),

  save: procedureFor("coverage.plan").input(ZPlanSaveInput)
    .mutation(({ ctx, input }): Promise<CoveragePlan> => mapPlanErrors(() => savePlan(ctx.db.prisma, input))),

  discard: procedureFor("coverage.plan").input(z.object({ planId: z.string(), userId: z.string().min(1) }))
    .mutation(({ ctx, input }): Promise<CoveragePlan> => mapPlanErrors(() => discardPlan(ctx.db.prisma, input.planId, input.userId))),

  /** Admin only: writes the plan to the live registry in one audited transaction. */
  // "apply" is a reserved word of tRPC routers (Function.prototype.apply).
  applyPlan: procedureFor("coverage.apply").input(ZPlanApplyInput)
    .mutation(({ ctx, input }): Promise<ApplyResult> => mapPlanErrors(async () => {
      const result = await applyPlan(ctx.db.prisma, input);
      // The registry changed: fusion's video linkage must see the added, moved and removed cameras.
      await ctx.services.fusion?.reloadCampus(result.plan.campusId);
      return result;
    })),
});

