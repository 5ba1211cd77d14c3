import type { CampusScope, Role } from "../contracts/auth";

// Who may do what, as data. Every tRPC procedure names one permission
// (server/api/trpc.ts) and every socket room checks `live.subscribe` plus the campus scope.
// leader is view-only; auditor sees the audit trail and records but changes nothing.

const ALL: readonly Role[] = ["admin", "commander", "operator", "planner", "leader", "auditor"];

export const PERMISSIONS = {
  "campus.read": ALL,
  "devices.read": ALL,
  "events.read": ["admin", "commander", "operator", "leader", "auditor"],
  "live.subscribe": ["admin", "commander", "operator", "planner", "leader"],
  "incidents.read": ["admin", "commander", "operator", "leader", "auditor"],
  "incidents.act": ["admin", "commander", "operator"],
  "faults.read": ["admin", "commander", "operator", "leader", "auditor"],
  "faults.act": ["admin", "commander", "operator"],
  /** Personal records and captured images: every access is audited with a purpose. */
  "records.read": ["admin", "commander", "operator", "auditor"],
  "metrics.read": ALL,
  "coverage.read": ["admin", "commander", "planner", "leader"],
  "coverage.plan": ["admin", "planner"],
  "coverage.apply": ["admin"],
  "audit.read": ["admin", "auditor"],
  /** /replay: the campus as it was (history, timeline, heatmaps) and shared replay links. */
  "history.read": ["admin", "commander", "operator", "leader", "auditor"],
  "history.share": ["admin", "commander", "operator", "leader"],
  /** Archive pages: identity is masked unless the role also has records.read. */
  "archive.read": ["admin", "commander", "operator", "leader", "auditor"],
  "drills.read": ["admin", "commander", "operator", "leader", "auditor"],
  "drills.run": ["admin", "commander"],
  "users.manage": ["admin"],
  /** Any logged-in user: who am I, log out, change my own password. */
  "self": ALL,
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export function inScope(scope: CampusScope, campusId: string): boolean {
  return scope === "*" || scope.includes(campusId);
}

/** Stored form of a scope in `User.campusScope`: "*" or comma-separated ids. */
export function parseScope(stored: string): CampusScope {
  if (stored.trim() === "*") return "*";
  const ids = stored.split(",").map((s) => s.trim()).filter(Boolean);
  return ids.length ? ids : [];
}

export function formatScope(scope: CampusScope): string {
  return scope === "*" ? "*" : scope.join(",");
}

/** A Prisma `where` fragment restricting rows to the scope (nothing when "*"). */
export function scopeWhere(scope: CampusScope): { campusId?: { in: string[] } } {
  return scope === "*" ? {} : { campusId: { in: [...scope] } };
}
