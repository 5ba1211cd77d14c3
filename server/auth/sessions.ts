import { createHash, randomBytes } from "node:crypto";
import type { SessionUser } from "../contracts/auth";
import { ZRole } from "../contracts/auth";
import type { Db } from "../store/db";
import { parseScope } from "./permissions";

// Login sessions. The cookie carries a random 256-bit token; the database keeps only its
// SHA-256, so a database leak yields no usable cookies. A session ends at whichever comes
// first: idle timeout (no request for idleMs), absolute lifetime (absoluteMs), or logout.

export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}

export interface ResolvedSession {
  sessionId: string;
  user: SessionUser;
  expiresAt: Date;
}

export interface SessionStore {
  create(userId: string, meta: { ip?: string | null; userAgent?: string | null }): Promise<{ token: string; sessionId: string; expiresAt: Date }>;
  /** The live session of a cookie token, or null (unknown, revoked, idle or expired). Refreshes lastSeenAt. */
  resolve(token: string): Promise<ResolvedSession | null>;
  revoke(sessionId: string): Promise<void>;
  revokeAllForUser(userId: string): Promise<void>;
}

/** lastSeenAt is written at most once per this interval, not on every request. */
const TOUCH_INTERVAL_MS = 30_000;

export function sessionIdOf(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function createSessionStore(db: Db, policy: SessionPolicy, now: () => Date = () => new Date()): SessionStore {
  const prisma = db.prisma;
  return {
    async create(userId, meta) {
      const token = randomBytes(32).toString("base64url");
      const sessionId = sessionIdOf(token);
      const at = now();
      const expiresAt = new Date(at.getTime() + policy.absoluteMs);
      await prisma.session.create({
        data: { id: sessionId, userId, createdAt: at, lastSeenAt: at, expiresAt, ip: meta.ip ?? null, userAgent: meta.userAgent?.slice(0, 300) ?? null },
      });
      return { token, sessionId, expiresAt };
    },

    async resolve(token) {
      if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
      const sessionId = sessionIdOf(token);
      const row = await prisma.session.findUnique({ where: { id: sessionId } });
      if (!row || row.revokedAt) return null;
      const at = now();
      if (at >= row.expiresAt || at.getTime() - row.lastSeenAt.getTime() >= policy.idleMs) return null;
      const user = await prisma.user.findUnique({ where: { id: row.userId } });
      const role = ZRole.safeParse(user?.role);
      if (!user || !role.success) return null; // deleted user or a role this version does not know
      if (at.getTime() - row.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
        await prisma.session.update({ where: { id: sessionId }, data: { lastSeenAt: at } });
      }
      return {
        sessionId,
        expiresAt: row.expiresAt,
        user: {
          id: user.id, username: user.username, displayName: user.displayName, role: role.data,
          campusScope: parseScope(user.campusScope), mustChangePassword: user.mustChangePassword,
        },
      };
    },

    async revoke(sessionId) {
      await prisma.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: now() } });
    },

    async revokeAllForUser(userId) {
      await prisma.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now() } });
    },
  };
}
