import { z } from "zod";

// Users, roles and sessions shared by the server, the web and the socket client.
// No Node imports: the browser imports this file too.

/** leader is view-only; auditor reads the audit trail; planner works on coverage. */
export const ROLES = ["admin", "commander", "operator", "planner", "leader", "auditor"] as const;
export const ZRole = z.enum(ROLES);
export type Role = z.infer<typeof ZRole>;

/** Name of the httpOnly session cookie. */
export const SESSION_COOKIE = "ct_session";

export const ZUsername = z.string().trim().min(2).max(64).regex(/^[A-Za-z0-9_.@-]+$/, "letters, digits and _ . @ - only");
/** Long enough to resist guessing; no composition rules (NIST SP 800-63B §5.1.1.2). */
export const ZNewPassword = z.string().min(10, "at least 10 characters").max(256);

export const ZLoginInput = z.object({ username: ZUsername, password: z.string().min(1).max(256) });
export type LoginInput = z.infer<typeof ZLoginInput>;

export const ZChangePasswordInput = z.object({ currentPassword: z.string().min(1).max(256), newPassword: ZNewPassword });

/** "*" (every campus) or a list of campus ids: a district user sees several campuses. */
export const ZCampusScope = z.union([z.literal("*"), z.array(z.string().min(1)).min(1)]);
export type CampusScope = z.infer<typeof ZCampusScope>;

export const ZSessionUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: ZRole,
  campusScope: ZCampusScope,
  mustChangePassword: z.boolean(),
});
export type SessionUser = z.infer<typeof ZSessionUser>;

export const ZUserCreateInput = z.object({
  username: ZUsername,
  displayName: z.string().trim().min(1).max(100),
  role: ZRole,
  campusScope: ZCampusScope,
  password: ZNewPassword,
});
export type UserCreateInput = z.infer<typeof ZUserCreateInput>;

export const ZUserUpdateInput = z.object({
  userId: z.string().min(1),
  role: ZRole.optional(),
  campusScope: ZCampusScope.optional(),
  displayName: z.string().trim().min(1).max(100).optional(),
  /** Sets a new password and ends the user's sessions. */
  password: ZNewPassword.optional(),
});
export type UserUpdateInput = z.infer<typeof ZUserUpdateInput>;

export const ZUserSummary = ZSessionUser.omit({ mustChangePassword: true }).extend({ createdAt: z.date() });
export type UserSummary = z.infer<typeof ZUserSummary>;
