import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { ZFaultListQuery, ZFaultNotifyInput, ZFaultVisitInput } from "../../contracts/api";
import type { SessionUser } from "../../contracts/auth";
import type { FaultTicket } from "../../contracts/fault";
import { FaultTicketNotFoundError } from "../../fusion/errors";
import type { FaultService } from "../../fusion/types";
import type { TrpcContext } from "../context";
import { mapErrors } from "../errors";
import { assertInScope, createTRPCRouter, procedureFor } from "../trpc";

// faults.*: device fault tickets, thin over fusion's FaultService.

function service(ctx: TrpcContext): FaultService {
  const fusion = ctx.services.fusion;
  if (!fusion) throw new TRPCError({ code: "PRECONDITION_FAILED", message: "Fault tracking is not running on this server" });
  return fusion.faults;
}

function scoped(ctx: TrpcContext & { user: SessionUser }, ticketId: string): { svc: FaultService; ticket: FaultTicket } {
  const svc = service(ctx);
  const ticket = svc.get(ticketId);
  if (!ticket) throw new TRPCError({ code: "NOT_FOUND", message: new FaultTicketNotFoundError(ticketId).message });
  assertInScope(ctx.user, ticket.campusId);
  return { svc, ticket };
}

export const faultsRouter = createTRPCRouter({
  list: procedureFor("faults.read").input(ZFaultListQuery).query(({ ctx, input }): FaultTicket[] =>
    service(ctx).list({ campusId: input.campusId, open: input.open })),

  get: procedureFor("faults.read").input(z.object({ ticketId: z.string().min(1) })).query(({ ctx, input }): FaultTicket =>
    scoped(ctx, input.ticketId).ticket),

  /** Records that the maintainer was told (the 1 h deadline of ). */
  notifyMaintainer: procedureFor("faults.act").input(ZFaultNotifyInput).mutation(({ ctx, input }): Promise<FaultTicket> => {
    const { svc } = scoped(ctx, input.ticketId);
    return mapErrors(() => svc.notifyMaintainer(input.ticketId, ctx.user.id, input.maintainer));
  }),

  /** Records the maintainer's visit (on site within 2 h / 4 h); the ticket closes once the device is back. */
  recordVisit: procedureFor("faults.act").input(ZFaultVisitInput).mutation(({ ctx, input }): Promise<FaultTicket> => {
    const { svc } = scoped(ctx, input.ticketId);
    return mapErrors(() => svc.recordVisit(input.ticketId, ctx.user.id, input.note));
  }),
});
