import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { ZIncidentCommand, ZIncidentListQuery, ZIncidentNoteInput, ZIncidentStepInput } from "../../contracts/api";
import type { SessionUser } from "../../contracts/auth";
import type { Incident } from "../../contracts/incident";
import { IncidentNotFoundError } from "../../fusion/errors";
import type { IncidentService } from "../../fusion/types";
import type { TrpcContext } from "../context";
import { mapErrors } from "../errors";
import { assertInScope, createTRPCRouter, procedureFor } from "../trpc";

// incidents.*: thin over fusion's IncidentService (server/fusion/types.ts). Commands run as the
// logged-in user (the actor recorded in the incident's history) after a scope check on the
// incident's campus; the generic mutation middleware audits each one.

function service(ctx: TrpcContext): IncidentService {
  const fusion = ctx.services.fusion;
  if (!fusion) throw new TRPCError({ code: "PRECONDITION_FAILED", message: "Incident handling is not running on this server" });
  return fusion.incidents;
}

function scoped(ctx: TrpcContext & { user: SessionUser }, incidentId: string): { svc: IncidentService; incident: Incident } {
  const svc = service(ctx);
  const incident = svc.get(incidentId);
  if (!incident) throw new TRPCError({ code: "NOT_FOUND", message: new IncidentNotFoundError(incidentId).message });
  assertInScope(ctx.user, incident.campusId);
  return { svc, incident };
}

type Command = "acknowledge" | "dispatch" | "onScene" | "resolve" | "markFalseAlarm";

function command(name: Command) {
  return procedureFor("incidents.act").input(ZIncidentCommand).mutation(({ ctx, input }): Promise<Incident> => {
    const { svc } = scoped(ctx, input.incidentId);
    return mapErrors(() => svc[name](input.incidentId, ctx.user.id, input.note));
  });
}

export const incidentsRouter = createTRPCRouter({
  list: procedureFor("incidents.read").input(ZIncidentListQuery).query(({ ctx, input }): Incident[] =>
    service(ctx).list({ campusId: input.campusId, open: input.open })),

  get: procedureFor("incidents.read").input(z.object({ incidentId: z.string().min(1) })).query(({ ctx, input }): Incident =>
    scoped(ctx, input.incidentId).incident),

  acknowledge: command("acknowledge"),
  dispatch: command("dispatch"),
  onScene: command("onScene"),
  resolve: command("resolve"),
  falseAlarm: command("markFalseAlarm"),

  addNote: procedureFor("incidents.act").input(ZIncidentNoteInput).mutation(({ ctx, input }): Promise<Incident> => {
    const { svc } = scoped(ctx, input.incidentId);
    return mapErrors(() => svc.addNote(input.incidentId, ctx.user.id, input.text));
  }),

  completeStep: procedureFor("incidents.act").input(ZIncidentStepInput).mutation(({ ctx, input }): Promise<Incident> => {
    const { svc } = scoped(ctx, input.incidentId);
    return mapErrors(() => svc.completeStep(input.incidentId, ctx.user.id, input.stepId, input.note));
  }),
});
