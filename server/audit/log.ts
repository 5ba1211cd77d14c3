import type { AuditEntry, AuditQuery } from "../contracts/api";
import type { Db } from "../store/db";

// The audit trail: who did what, when, to what, for which purpose. Append-only:
// this module only inserts and reads, and the database refuses UPDATE/DELETE on AuditEntry
// (triggers in prisma/migrations/*/20261127040000_auth).

export interface AuditRecord {
  userId: string | null;
  /** Dotted: `incidents.acknowledge`, `subjects.lookup`, `auth.login.failed`. */
  action: string;
  target?: string | null;
  purpose?: string | null;
  detail?: Record<string, unknown>;
}

export interface AuditLog {
  record(entry: AuditRecord): Promise<void>;
  list(query: AuditQuery): Promise<{ items: AuditEntry[]; nextCursor: number | null }>;
}

/** Keys whose values never reach the audit trail (passwords, tokens). */
const SECRET_KEY = /password|token|secret/i;

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? "[redacted]" : redact(v, depth + 1);
  return out;
}

export function createAuditLog(db: Db, now: () => Date = () => new Date()): AuditLog {
  const prisma = db.prisma;
  return {
    async record(entry) {
      await prisma.auditEntry.create({
        data: {
          at: now(), userId: entry.userId, action: entry.action, target: entry.target ?? null, purpose: entry.purpose ?? null,
          detailJson: JSON.stringify(redact(entry.detail ?? {})),
        },
      });
    },

    async list(q) {
      const rows = await prisma.auditEntry.findMany({
        where: {
          ...(q.cursor !== undefined ? { id: { lt: q.cursor } } : {}),
          ...(q.userId ? { userId: q.userId } : {}),
          ...(q.action ? { action: { startsWith: q.action } } : {}),
          ...(q.from || q.to ? { at: { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lt: q.to } : {}) } } : {}),
        },
        orderBy: { id: "desc" },
        take: q.limit + 1,
      });
      const page = rows.slice(0, q.limit);
      return {
        items: page.map((r) => ({
          id: r.id, at: r.at, userId: r.userId, action: r.action, target: r.target, purpose: r.purpose,
          detail: JSON.parse(r.detailJson) as Record<string, unknown>,
        })),
        nextCursor: rows.length > q.limit ? page.at(-1)!.id : null,
      };
    },
  };
}
