import { z } from "zod";
import { CampusNotFoundError, listCampuses } from "../../campus/persist";
import { inScope } from "../../auth/permissions";
import { cityStatus, mapState, type CampusStatus, type MapState } from "../queries/city";
import { mapErrors } from "../errors";
import { assertInScope, createTRPCRouter, procedureFor } from "../trpc";

// The district/city platform and the 2D electronic map: per-campus status for
// the globe, and a campus's fence state and duty log for the map, both limited to the user's scope.

export const cityRouter = createTRPCRouter({
  /** Open incidents by severity, devices down and today's alarms for every campus in scope. */
  status: procedureFor("campus.read").query(async ({ ctx }): Promise<CampusStatus[]> => {
    const campuses = (await listCampuses(ctx.db.prisma)).filter((c) => inScope(ctx.user.campusScope, c.id));
    return cityStatus(ctx.db, campuses);
  }),

  /** The latest state of each fence zone, today's duty log and the log position to go live from. */
  mapState: procedureFor("events.read").input(z.object({ campusId: z.string().min(1) })).query(({ ctx, input }): Promise<MapState> => {
    assertInScope(ctx.user, input.campusId);
    return mapErrors(async () => {
      const campus = (await listCampuses(ctx.db.prisma)).find((c) => c.id === input.campusId);
      if (!campus) throw new CampusNotFoundError(input.campusId);
      return mapState(ctx.db, campus);
    });
  }),
});
