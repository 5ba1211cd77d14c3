import { TRPCError } from "@trpc/server";
import { ZChangePasswordInput, ZLoginInput, ZUserCreateInput, ZUserUpdateInput, type SessionUser, type UserSummary } from "../../contracts/auth";
import { clearedSessionCookie, sessionCookie } from "../../auth/cookies";
import { InvalidCredentialsError } from "../../auth/errors";
import { mapErrors, toTrpcError } from "../errors";
import { createTRPCRouter, procedureFor, publicProcedure } from "../trpc";

// auth.*: log in (sets the httpOnly cookie), log out, who am I, change my password; users.*
// for admins. Logins are audited here (the generic mutation audit needs a session).

export const authRouter = createTRPCRouter({
  login: publicProcedure.input(ZLoginInput).mutation(async ({ ctx, input }): Promise<SessionUser> => {
    const { audit, auth, cookieSecure } = ctx.services;
    try {
      const r = await auth.login(input, ctx.client);
      ctx.setCookie(sessionCookie(r.token, { maxAgeS: Math.floor(auth.policy.absoluteMs / 1000), secure: cookieSecure }));
      await audit.record({ userId: r.user.id, action: "auth.login", target: r.user.username, detail: { ip: ctx.client.ip } });
      return r.user;
    } catch (err) {
      if (err instanceof InvalidCredentialsError) {
        await audit.record({ userId: null, action: "auth.login.failed", target: input.username, detail: { ip: ctx.client.ip } });
      }
      throw toTrpcError(err);
    }
  }),

  /** The logged-in user, or null (the web shows the login page then). */
  me: publicProcedure.query(({ ctx }): SessionUser | null => ctx.session?.user ?? null),

  logout: procedureFor("self").mutation(async ({ ctx }): Promise<{ ok: true }> => {
    await ctx.services.auth.logout(ctx.session.sessionId);
    ctx.setCookie(clearedSessionCookie({ secure: ctx.services.cookieSecure }));
    await ctx.services.audit.record({ userId: ctx.user.id, action: "auth.logout", target: ctx.user.username });
    return { ok: true };
  }),

  changePassword: procedureFor("self").input(ZChangePasswordInput).mutation(async ({ ctx, input }): Promise<{ ok: true }> => {
    if (input.currentPassword === input.newPassword) throw new TRPCError({ code: "BAD_REQUEST", message: "The new password must differ from the current one" });
    await mapErrors(() => ctx.services.auth.changePassword(ctx.user.id, input.currentPassword, input.newPassword));
    return { ok: true };
  }),

  users: createTRPCRouter({
    list: procedureFor("users.manage").query(({ ctx }): Promise<UserSummary[]> => ctx.services.auth.listUsers()),
    create: procedureFor("users.manage").input(ZUserCreateInput).mutation(({ ctx, input }) => mapErrors(() => ctx.services.auth.createUser(input))),
    update: procedureFor("users.manage").input(ZUserUpdateInput).mutation(({ ctx, input }) => mapErrors(() => ctx.services.auth.updateUser(input))),
  }),
});
