import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { ZCampusRef } from "../../contracts/api";
import { ZDrillStart, ZReportInput, type AfterActionReport, type Drill } from "../../contracts/drill";
import { drillReport, reportCsv, ReportError, storeDrillSummary, windowReport } from "../../drills/report";
import { DrillError, type DrillService } from "../../drills/runner";
import type { SessionUser } from "../../contracts/auth";
import type { TrpcContext } from "../context";
import { assertInScope, createTRPCRouter, procedureFor } from "../trpc";

// drills.*: run a scenario in drill mode, end it, and the after-action report. Starting
// and ending are mutations, so the audit trail records who ran which drill when.

function service(ctx: TrpcContext): DrillService {
  const d = ctx.services.drills;
  if (!d) throw new TRPCError({ code: "PRECONDITION_FAILED", message: "Drills are not running on this server" });
  return d;
}

async function mapDrillErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof DrillError || err instanceof ReportError) throw new TRPCError({ code: "BAD_REQUEST", message: err.message, cause: err });
    throw err;
  }
}

const ZDrillRef = z.object({ drillId: z.string().min(1) });

async function scopedDrill(ctx: TrpcContext & { user: SessionUser }, drillId: string): Promise<Drill> {
  const drill = await ctx.db.prisma.drill.findUnique({ where: { id: drillId }, select: { campusId: true } });
  if (!drill) throw new TRPCError({ code: "NOT_FOUND", message: `Drill ${drillId} does not exist` });
  assertInScope(ctx.user, drill.campusId);
  return (await service(ctx).get(drillId))!;
}

async function report(ctx: TrpcContext & { user: SessionUser }, input: z.infer<typeof ZReportInput>): Promise<AfterActionReport> {
  if ("drillId" in input) {
    await scopedDrill(ctx, input.drillId);
    return mapDrillErrors(() => drillReport(ctx.db, input.drillId, new Date()));
  }
  return windowReport(ctx.db, input.campusId, input.from, input.to, new Date());
}

export const drillsRouter = createTRPCRouter({
  list: procedureFor("drills.read").input(ZCampusRef).query(({ ctx, input }): Promise<Drill[]> => service(ctx).list(input.campusId)),
  /** Drills running on the campus now: every screen shows a drill banner while there is one. */
  active: procedureFor("campus.read").input(ZCampusRef).query(async ({ ctx, input }): Promise<Drill[]> =>
    (await service(ctx).list(input.campusId)).filter((d) => d.state === "running")),
  get: procedureFor("drills.read").input(ZDrillRef).query(({ ctx, input }): Promise<Drill> => scopedDrill(ctx, input.drillId)),
  start: procedureFor("drills.run").input(ZDrillStart).mutation(({ ctx, input }): Promise<Drill> =>
    mapDrillErrors(() => service(ctx).start(input, ctx.user.id))),
  end: procedureFor("drills.run").input(ZDrillRef.extend({ aborted: z.boolean().default(false) })).mutation(async ({ ctx, input }): Promise<Drill> => {
    await scopedDrill(ctx, input.drillId);
    const drill = await mapDrillErrors(() => service(ctx).end(input.drillId, ctx.user.id, input.aborted ? "aborted" : "ended"));
    await storeDrillSummary(ctx.db, input.drillId, new Date());
    return drill;
  }),
  report: procedureFor("drills.read").input(ZReportInput).query(({ ctx, input }) => report(ctx, input)),
  reportCsv: procedureFor("drills.read").input(ZReportInput).query(async ({ ctx, input }): Promise<string> => reportCsv(await report(ctx, input))),
});
