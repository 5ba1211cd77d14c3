import { randomUUID } from "node:crypto";
import type { LoginInput, SessionUser, UserCreateInput, UserSummary, UserUpdateInput } from "../contracts/auth";
import { ZRole } from "../contracts/auth";
import type { Db } from "../store/db";
import { InvalidCredentialsError, LoginThrottledError, UserExistsError, UserNotFoundError } from "./errors";
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from "./password";
import { formatScope, parseScope } from "./permissions";
import { createSessionStore, type ResolvedSession, type SessionPolicy, type SessionStore } from "./sessions";

// Authentication and user management. Knows nothing of HTTP: the API layer turns the token
// into a cookie. Failed logins are throttled per username and per client address.

export interface AuthService {
  sessions: SessionStore;
  policy: SessionPolicy;
  login(input: LoginInput, meta: { ip?: string | null; userAgent?: string | null }): Promise<{ token: string; sessionId: string; user: SessionUser; expiresAt: Date }>;
  resolve(token: string | null): Promise<ResolvedSession | null>;
  logout(sessionId: string): Promise<void>;
  changePassword(userId: string, currentPassword: string, newPassword: string): Promise<void>;
  listUsers(): Promise<UserSummary[]>;
  createUser(input: UserCreateInput): Promise<UserSummary>;
  updateUser(input: UserUpdateInput): Promise<UserSummary>;
}

/** After this many failures in the window, a username or address waits out the window. */
const MAX_FAILURES = 5;
const FAILURE_WINDOW_MS = 5 * 60_000;

function createThrottle(now: () => number) {
  const failures = new Map<string, number[]>();
  const recent = (key: string) => (failures.get(key) ?? []).filter((t) => now() - t < FAILURE_WINDOW_MS);
  return {
    retryAfterMs(keys: string[]): number {
      let wait = 0;
      for (const key of keys) {
        const list = recent(key);
        if (list.length >= MAX_FAILURES) wait = Math.max(wait, FAILURE_WINDOW_MS - (now() - list[0]!));
      }
      return wait;
    },
    fail(keys: string[]) {
      for (const key of keys) failures.set(key, [...recent(key), now()].slice(-MAX_FAILURES));
      if (failures.size > 10_000) failures.clear(); // bounded memory under a spraying attack
    },
    clear(keys: string[]) {
      for (const key of keys) failures.delete(key);
    },
  };
}

type UserRow = { id: string; username: string; displayName: string; role: string; campusScope: string; createdAt: Date; mustChangePassword: boolean };

function summary(u: UserRow): UserSummary {
  return { id: u.id, username: u.username, displayName: u.displayName, role: ZRole.parse(u.role), campusScope: parseScope(u.campusScope), createdAt: u.createdAt };
}

export function createAuthService(db: Db, policy: SessionPolicy, now: () => Date = () => new Date()): AuthService {
  const prisma = db.prisma;
  const sessions = createSessionStore(db, policy, now);
  const throttle = createThrottle(() => now().getTime());

  return {
    sessions,
    policy,
    async login(input, meta) {
      const keys = [`u:${input.username.toLowerCase()}`, ...(meta.ip ? [`ip:${meta.ip}`] : [])];
      const wait = throttle.retryAfterMs(keys);
      if (wait > 0) throw new LoginThrottledError(input.username, wait);
      const user = await prisma.user.findUnique({ where: { username: input.username } });
      const ok = await verifyPassword(input.password, user?.passwordHash ?? (await DUMMY_HASH_PROMISE));
      const role = ZRole.safeParse(user?.role);
      if (!user || !ok || !role.success) {
        throttle.fail(keys);
        throw new InvalidCredentialsError(input.username);
      }
      throttle.clear(keys);
      const created = await sessions.create(user.id, meta);
      return {
        ...created,
        user: { id: user.id, username: user.username, displayName: user.displayName, role: role.data, campusScope: parseScope(user.campusScope), mustChangePassword: user.mustChangePassword },
      };
    },

    resolve: (token) => (token ? sessions.resolve(token) : Promise.resolve(null)),
    logout: (sessionId) => sessions.revoke(sessionId),

    async changePassword(userId, currentPassword, newPassword) {
      const user = await prisma.user.findUnique({ where: { id: userId } });
      if (!user || !(await verifyPassword(currentPassword, user.passwordHash))) throw new InvalidCredentialsError(user?.username ?? userId);
      await prisma.user.update({ where: { id: userId }, data: { passwordHash: await hashPassword(newPassword), mustChangePassword: false } });
    },

    async listUsers() {
      const rows = await prisma.user.findMany({ orderBy: { username: "asc" } });
      return rows.map(summary);
    },

    async createUser(input) {
      if (await prisma.user.findUnique({ where: { username: input.username } })) throw new UserExistsError(input.username);
      const row = await prisma.user.create({
        data: {
          id: randomUUID(), username: input.username, displayName: input.displayName, role: input.role,
          campusScope: formatScope(input.campusScope), passwordHash: await hashPassword(input.password), mustChangePassword: true,
        },
      });
      return summary(row);
    },

    async updateUser(input) {
      const existing = await prisma.user.findUnique({ where: { id: input.userId } });
      if (!existing) throw new UserNotFoundError(input.userId);
      const row = await prisma.user.update({
        where: { id: input.userId },
        data: {
          ...(input.role ? { role: input.role } : {}),
          ...(input.campusScope ? { campusScope: formatScope(input.campusScope) } : {}),
          ...(input.displayName ? { displayName: input.displayName } : {}),
          ...(input.password ? { passwordHash: await hashPassword(input.password), mustChangePassword: true } : {}),
        },
      });
      // A new password, role or scope takes effect at once: existing sessions end.
      if (input.password || input.role || input.campusScope) await sessions.revokeAllForUser(input.userId);
      return summary(row);
    },
  };
}
