import { z } from "zod";

// Device fault tickets (REQUIREMENTS ): a device that goes offline or reports a fault gets a
// ticket with three deadlines — maintainer notified within 1 h, on site within 2 h (4 h when the
// fault starts on a non-working day of the campus calendar), service restored within 24 h.
// Missed deadlines raise `fault.escalated` events; a ticket closes when the device is back AND
// the maintainer's visit is recorded.

export const FAULT_CAUSES = ["offline", "fault"] as const;
export const ZFaultCause = z.enum(FAULT_CAUSES);
export type FaultCause = z.infer<typeof ZFaultCause>;

export const FAULT_DEADLINES = ["notify", "on_site", "restore"] as const;
export const ZFaultDeadline = z.enum(FAULT_DEADLINES);
export type FaultDeadline = z.infer<typeof ZFaultDeadline>;

export const ZFaultEscalation = z.object({ deadline: ZFaultDeadline, dueAt: z.coerce.date(), at: z.coerce.date(), seq: z.number().int() });
export type FaultEscalation = z.infer<typeof ZFaultEscalation>;

export const ZFaultTicket = z.object({
  id: z.string(),
  campusId: z.string(),
  deviceId: z.string(),
  cause: ZFaultCause,
  /** "open" until closed; closed = device recovered and visit recorded. */
  state: z.enum(["open", "closed"]),
  openedSeq: z.number().int(),
  openedAt: z.coerce.date(),
  /** Whether openedAt fell on a working day (decides the on-site deadline). */
  workingDay: z.boolean(),
  notifyDueAt: z.coerce.date(),
  onSiteDueAt: z.coerce.date(),
  restoreDueAt: z.coerce.date(),
  notifiedAt: z.coerce.date().nullable(),
  notifiedBy: z.string().nullable(),
  maintainer: z.string().nullable(),
  visitAt: z.coerce.date().nullable(),
  visitBy: z.string().nullable(),
  visitNote: z.string().nullable(),
  restoredAt: z.coerce.date().nullable(),
  closedAt: z.coerce.date().nullable(),
  escalations: z.array(ZFaultEscalation),
  updatedAt: z.coerce.date(),
});
export type FaultTicket = z.infer<typeof ZFaultTicket>;
