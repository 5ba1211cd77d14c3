import type { SessionUser } from "../contracts/auth";
import type { AuditLog } from "../audit/log";
import type { AuthService } from "../auth/service";
import type { ResolvedSession } from "../auth/sessions";
import type { EventLog } from "../events/log";
import type { DrillService } from "../drills/runner";
import type { Fusion } from "../fusion/types";
import type { ImageStore } from "../store/images";
import type { Db } from "../store/db";

// What every tRPC procedure can reach. The HTTP handler (http.ts) builds one per request from
// the session cookie; tests build one with `contextFor` and a user of their choosing.

export interface ApiServices {
  db: Db;
  auth: AuthService;
  audit: AuditLog;
  events: EventLog;
  /** Null until fusion runs in this process; incidents/faults answer PRECONDITION_FAILED then. */
  fusion: Pick<Fusion, "incidents" | "faults" | "state" | "reloadCampus"> | null;
  /** Captured pictures (GA/T 1400 faces and plates), when ingest stores them. */
  images: ImageStore | null;
  /** Drill mode (server/drills/); null where drills do not run (drills.start answers PRECONDITION_FAILED). */
  drills?: DrillService | null;
  /** Mark the session cookie Secure (serve over HTTPS). */
  cookieSecure: boolean;
}

export interface TrpcContext {
  /** Kept at the top level for routers that only need the database (campus, coverage). */
  db: Db;
  services: ApiServices;
  session: ResolvedSession | null;
  client: { ip: string | null; userAgent: string | null };
  /** Adds a Set-Cookie header to the response (no-op for in-process callers). */
  setCookie(value: string): void;
}

/** A context for an in-process caller acting as `user` (tests, CLI tools). */
export function contextFor(services: ApiServices, user: SessionUser | null, opts: { sessionId?: string; setCookie?: (v: string) => void } = {}): TrpcContext {
  return {
    db: services.db,
    services,
    session: user ? { sessionId: opts.sessionId ?? `in-process:${user.id}`, user, expiresAt: new Date(8.64e15) } : null,
    client: { ip: null, userAgent: null },
    setCookie: opts.setCookie ?? (() => undefined),
  };
}
