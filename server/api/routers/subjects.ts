import { ZSubjectLookup, type SubjectResult } from "../../contracts/api";
import { lookupSubjects } from "../queries/subjects";
import { auditAccess, createTRPCRouter, procedureFor } from "../trpc";

export const subjectsRouter = createTRPCRouter({
  /** Person or vehicle by id, card, face id or plate, with recent sightings. Audited with the purpose. */
  lookup: procedureFor("records.read").input(ZSubjectLookup).query(async ({ ctx, input }): Promise<SubjectResult> => {
    await auditAccess(ctx, "records.subject", `${input.campusId}/${input.by}:${input.value}`, input.purpose);
    return lookupSubjects(ctx.db, input);
  }),
});
