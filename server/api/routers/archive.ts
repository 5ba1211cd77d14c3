import { TRPCError } from "@trpc/server";
import { ZPurpose } from "../../contracts/api";
import { ZArchiveSearch, ZTrajectoryQuery, type ArchiveHit, type ArchiveRecord } from "../../contracts/trajectory";
import { can } from "../../auth/permissions";
import { archiveOf } from "../../trajectory/archive";
import { ArchiveSearchError, searchArchive } from "../../trajectory/search";
import { auditAccess, createTRPCRouter, procedureFor } from "../trpc";

// archive.*: person and vehicle archives (人车档案, R-4.2). Searches and archive pages state a
// purpose and are audited; identity is shown in full only to roles with records.read.

export const archiveRouter = createTRPCRouter({
  search: procedureFor("records.read").input(ZArchiveSearch).query(async ({ ctx, input }): Promise<ArchiveHit[]> => {
    await auditAccess(ctx, "records.archive_search", `${input.campusId}/${input.by}:${input.value || input.zoneId || ""}`, input.purpose);
    try {
      return await searchArchive(ctx.db, input);
    } catch (err) {
      if (err instanceof ArchiveSearchError) throw new TRPCError({ code: "BAD_REQUEST", message: err.message, cause: err });
      throw err;
    }
  }),

  get: procedureFor("archive.read").input(ZTrajectoryQuery.extend({ purpose: ZPurpose })).query(async ({ ctx, input }): Promise<ArchiveRecord> => {
    await auditAccess(ctx, "records.archive", `${input.campusId}/${input.subjectKey}`, input.purpose);
    return archiveOf(ctx.db, input, { fullIdentity: can(ctx.user.role, "records.read") });
  }),
});
