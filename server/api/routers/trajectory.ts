import { ZPurpose } from "../../contracts/api";
import { ZTrajectoryQuery, type Trajectory } from "../../contracts/trajectory";
import { trajectoryOf } from "../../trajectory/sightings";
import { auditAccess, createTRPCRouter, procedureFor } from "../trpc";

// trajectory.*: a subject's sightings and route. Where a person went is personal data:
// each query states its purpose and is audited.

export const trajectoryRouter = createTRPCRouter({
  get: procedureFor("records.read").input(ZTrajectoryQuery.extend({ purpose: ZPurpose })).query(async ({ ctx, input }): Promise<Trajectory> => {
    await auditAccess(ctx, "records.trajectory", `${input.campusId}/${input.subjectKey}`, input.purpose);
    return trajectoryOf(ctx.db, input);
  }),
});
