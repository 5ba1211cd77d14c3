import { TRPCError } from "@trpc/server";
import { ZCampusSummary, type CampusModel, type CampusSummary } from "../../contracts/campus";
import { CampusNotFoundError, listCampuses, loadCampusModel } from "../../campus/persist";
import { createTRPCRouter, publicProcedure } from "../trpc";

const ZCampusRef = ZCampusSummary.pick({ id: true });

export const campusRouter = createTRPCRouter({
  /** Every campus of this deployment, oldest first (the first is the default view). */
  list: publicProcedure.query(({ ctx }): Promise<CampusSummary[]> => listCampuses(ctx.db.prisma)),

  /** The whole campus model the 3D view draws: buildings, zones, paths and devices. */
  get: publicProcedure.input(ZCampusRef).query(async ({ ctx, input }): Promise<CampusModel> => {
    try {
      return await loadCampusModel(ctx.db.prisma, input.id);
    } catch (err) {
      if (err instanceof CampusNotFoundError) {
        throw new TRPCError({ code: "NOT_FOUND", message: err.message, cause: err });
      }
      throw err;
    }
  }),
});
