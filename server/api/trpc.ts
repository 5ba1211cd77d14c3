import { initTRPC, TRPCError } from "@trpc/server";
import type { SessionUser } from "../contracts/auth";
import { can, inScope, type Permission } from "../auth/permissions";
import type { TrpcContext } from "./context";

// tRPC setup shared by every router. Routers stay thin (STYLE: cal.com): they validate input
// with the zod contracts, call a domain module, and translate domain errors to TRPCError.
// Every procedure is built with `procedureFor(permission)`: role check against the permission
// table (server/auth/permissions.ts), campus-scope check of any `campusId` in the input, and
// an audit entry for every mutation. Only `auth.login`/`auth.me` are public.

export type { TrpcContext } from "./context";

const t = initTRPC.context<TrpcContext>().create({
  // Internals stay in the log; only allow-listed messages reach a browser (STYLE: Errors).
  errorFormatter({ shape, error }) {
    const exposed = error.code !== "INTERNAL_SERVER_ERROR";
    return { ...shape, message: exposed ? shape.message : "Internal server error", data: { ...shape.data, stack: undefined } };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;
/** Anyone, logged in or not. Only for logging in and asking "who am I". */
export const publicProcedure = t.procedure;

function field(raw: unknown, key: string): string | undefined {
  if (raw === null || typeof raw !== "object") return undefined;
  const v = (raw as Record<string, unknown>)[key];
  return typeof v === "string" ? v : undefined;
}

/** What an audit entry names as the target of a command. */
function targetOf(raw: unknown): string | null {
  for (const key of ["incidentId", "ticketId", "planId", "userId", "deviceId", "campusId", "id"]) {
    const v = field(raw, key);
    if (v) return v;
  }
  return null;
}

function checkAccess(user: SessionUser, permission: Permission, raw: unknown): void {
  if (user.mustChangePassword && permission !== "self") {
    throw new TRPCError({ code: "FORBIDDEN", message: "Change your one-time password first" });
  }
  if (!can(user.role, permission)) {
    throw new TRPCError({ code: "FORBIDDEN", message: `The ${user.role} role may not do this (${permission})` });
  }
  const campusId = field(raw, "campusId");
  if (campusId !== undefined && !inScope(user.campusScope, campusId)) {
    throw new TRPCError({ code: "FORBIDDEN", message: `Campus ${campusId} is outside your scope` });
  }
  // Commands that name their actor (coverage plans) act as the logged-in user only.
  const actor = field(raw, "userId");
  if (actor !== undefined && permission !== "users.manage" && actor !== user.id && actor !== user.username) {
    throw new TRPCError({ code: "FORBIDDEN", message: "You may only act as yourself" });
  }
}

/** A procedure open to the roles the permission table lists for `permission`. */
export function procedureFor(permission: Permission) {
  return t.procedure.use(async ({ ctx, next, path, type, getRawInput }) => {
    const session = ctx.session;
    if (!session) throw new TRPCError({ code: "UNAUTHORIZED", message: "Log in first" });
    const raw = await getRawInput().catch(() => undefined);
    try {
      checkAccess(session.user, permission, raw);
    } catch (err) {
      if (type === "mutation" && err instanceof TRPCError) {
        await ctx.services.audit.record({ userId: session.user.id, action: path, target: targetOf(raw), purpose: field(raw, "purpose") ?? null, detail: { ok: false, error: err.code, input: raw ?? null } });
      }
      throw err;
    }
    const result = await next({ ctx: { ...ctx, session, user: session.user } });
    if (type === "mutation" && path !== "auth.logout") {
      // every change is logged, refused ones too (an attempt is worth knowing about).
      await ctx.services.audit.record({
        userId: session.user.id, action: path, target: targetOf(raw), purpose: field(raw, "purpose") ?? null,
        detail: { ok: result.ok, ...(result.ok ? {} : { error: result.error.code }), input: raw ?? null },
      });
    }
    return result;
  });
}

/** Throws FORBIDDEN unless the campus is in the user's scope (for inputs that name it indirectly). */
export function assertInScope(user: SessionUser, campusId: string): void {
  if (!inScope(user.campusScope, campusId)) throw new TRPCError({ code: "FORBIDDEN", message: `Campus ${campusId} is outside your scope` });
}

/** opening personal records or pictures is logged with who, what and why, before the data leaves. */
export async function auditAccess(ctx: TrpcContext & { user: SessionUser }, action: string, target: string, purpose: string, detail: Record<string, unknown> = {}): Promise<void> {
  await ctx.services.audit.record({ userId: ctx.user.id, action, target, purpose, detail: { ...detail, ip: ctx.client.ip } });
}
