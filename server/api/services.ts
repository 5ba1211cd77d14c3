import { createAuditLog } from "../audit/log";
import { createAuthService } from "../auth/service";
import type { SessionPolicy } from "../auth/sessions";
import type { EventLog } from "../events/log";
import type { Db } from "../store/db";
import type { ApiServices } from "./context";

/** Defaults: 30 min idle, 12 h absolute (one duty shift). */
export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 };

export interface ApiServicesOptions {
  db: Db;
  events: EventLog;
  fusion?: ApiServices["fusion"];
  images?: ApiServices["images"];
  drills?: ApiServices["drills"];
  policy?: SessionPolicy;
  cookieSecure?: boolean;
  now?: () => Date;
}

/** The services behind the API, built once per process (server/app.ts) or per test. */
export function createApiServices(o: ApiServicesOptions): ApiServices {
  return {
    db: o.db,
    auth: createAuthService(o.db, o.policy ?? DEFAULT_SESSION_POLICY, o.now),
    audit: createAuditLog(o.db, o.now),
    events: o.events,
    fusion: o.fusion ?? null,
    images: o.images ?? null,
    drills: o.drills ?? null,
    cookieSecure: o.cookieSecure ?? false,
  };
}
