import { ZAuditQuery, type AuditEntry } from "../../contracts/api";
import { createTRPCRouter, procedureFor } from "../trpc";

// Read-only on purpose: the audit trail has no update or delete procedure, and
// the database refuses both anyway (AuditEntry triggers).

export const auditRouter = createTRPCRouter({
  list: procedureFor("audit.read").input(ZAuditQuery).query(({ ctx, input }): Promise<{ items: AuditEntry[]; nextCursor: number | null }> =>
    ctx.services.audit.list(input)),
});
