import { ZCampusRef, type CampusKpis } from "../../contracts/api";
import { campusKpis } from "../queries/kpis";
import { createTRPCRouter, procedureFor } from "../trpc";

export const metricsRouter = createTRPCRouter({
  /** Devices online, open alarms and faults, entries and vehicles today, for one campus. */
  kpis: procedureFor("metrics.read").input(ZCampusRef).query(({ ctx, input }): Promise<CampusKpis> =>
    campusKpis(ctx.db, input.campusId, ctx.services.fusion?.state ?? null)),
});
