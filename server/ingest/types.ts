import type { Env } from "../env";
import type { EventLog } from "../events/log";
import type { DeadLetters } from "../observability/dead-letters";
import type { Logger } from "../observability/logger";
import type { Metrics } from "../observability/metrics";
import type { Db } from "../store/db";

// What every protocol listener gets from server/main.ts, and what it gives back.
// A listener is built by a factory (`createDc09Ingest(deps, opts)`), so a test can start
// one on port 0 against a test database without the rest of the server.

export interface IngestDeps {
  db: Db;
  events: EventLog;
  deadLetters: DeadLetters;
  metrics: Metrics;
  logger: Logger;
  /** Wall clock; injectable so tests can skew it. */
  now?: () => Date;
}

export interface RunningIngest {
  /** Bound ports by name, e.g. { tcp: 9000, udp: 9000 } — the real ones when asked for 0. */
  ports: Record<string, number>;
  /** Stops accepting, waits for in-flight commits, closes sockets and timers. */
  stop(): Promise<void>;
}

export interface Ingest {
  start(): Promise<RunningIngest>;
}

export type IngestFactory<Opts> = (deps: IngestDeps, opts: Opts & { host: string }) => Ingest;
export type { Env };
