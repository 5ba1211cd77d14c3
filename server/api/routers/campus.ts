import { ZCampusSummary, type CampusModel, type CampusSummary } from "../../contracts/campus";
import { listCampuses, loadCampusModel } from "../../campus/persist";
import { inScope } from "../../auth/permissions";
import { mapErrors } from "../errors";
import { assertInScope, createTRPCRouter, procedureFor } from "../trpc";

const ZCampusRef = ZCampusSummary.pick({ id: true });

export const campusRouter = createTRPCRouter({
  /** The campuses in the user's scope, oldest first (the first is the default view). */
  list: procedureFor("campus.read").query(async ({ ctx }): Promise<CampusSummary[]> =>
    (await listCampuses(ctx.db.prisma)).filter((c) => inScope(ctx.user.campusScope, c.id))),

  /** The whole campus model the 3D view draws: buildings, zones, paths and devices. */
  get: procedureFor("campus.read").input(ZCampusRef).query(({ ctx, input }): Promise<CampusModel> => {
    assertInScope(ctx.user, input.id);
    return mapErrors(() => loadCampusModel(ctx.db.prisma, input.id));
  }),
});
