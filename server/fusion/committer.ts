import type { NewCampusEvent } from "../contracts/event";
import type { EventLog } from "../events/log";
import type { Logger } from "../observability/logger";
import type { Counter, Gauge } from "../observability/metrics";
import type { Db } from "../store/db";
import type { Notifier, NotificationMessage } from "../notify/types";
import type { Effects } from "./effects";
import { persistEffects } from "./persist";

// Commits what a batch of applied events produced: the read tables (one transaction), fusion's
// own events, the notification outbox. Every step is idempotent (upserts; deterministic event
// and message ids that the log and the outbox dedupe), so a failed commit is simply retried.
//
// Failure policy (decided here; fusion.ts sums it up): the in-memory derived state is
// the source of truth and is rebuilt from the log on start, so a commit that still fails after
// the retries does NOT stop fusion — stopping would silence every later alarm because of one
// bad write. The unpersisted effects are carried into the next batch's commit (newest version of
// each incident/ticket/device wins), the failure is logged at error level and counted
// (`campustwin_fusion_errors_total{stage="commit"}`), and `campustwin_fusion_commit_backlog`
// stays above 0 until a later commit catches up. A restart repairs the tables from the log.

export type CommitPart = Pick<Effects, "incidents" | "incidentEvents" | "devices" | "faults" | "outputs" | "notifications">;

export interface CommitterOptions {
  db: Db;
  events: EventLog;
  notifier: Notifier | null;
  logger: Logger;
  errors: Counter;
  backlog: Gauge;
  /** Pauses between attempts; default 50, 200, 1000 ms (3 retries). */
  retryDelaysMs?: readonly number[];
  sleep?: (ms: number) => Promise<void>;
}

export interface Committer {
  /** Commits `fx` (with anything carried over); never throws. Resolves with the final error, or null. */
  commit(fx: CommitPart): Promise<Error | null>;
  /** Batches whose effects are not committed yet (0 when the tables are current). */
  backlog(): number;
}

const DEFAULT_RETRY_DELAYS_MS = [50, 200, 1000] as const;
const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function createCommitter(o: CommitterOptions): Committer {
  const delays = o.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const sleep = o.sleep ?? defaultSleep;
  let carried: CommitPart | null = null;
  let carriedBatches = 0;

  async function attempt(work: CommitPart): Promise<void> {
    await persistEffects(o.db, work);
    if (work.outputs.length) await o.events.append(work.outputs);
    if (work.notifications.length && o.notifier) for (const m of work.notifications) await o.notifier.enqueue(m);
  }

  return {
    async commit(fx) {
      const work = carried ? merge(carried, fx) : fx;
      if (isEmpty(work)) return null;
      let last: Error | null = null;
      for (let i = 0; i <= delays.length; i++) {
        if (i > 0) await sleep(delays[i - 1]!);
        try {
          await attempt(work);
          if (carried) o.logger.warn("fusion: commit caught up", { batches: carriedBatches + 1 });
          carried = null;
          carriedBatches = 0;
          o.backlog.set(0);
          return null;
        } catch (err) {
          last = err instanceof Error ? err : new Error(String(err));
        }
      }
      carried = work;
      carriedBatches++;
      o.backlog.set(carriedBatches);
      o.errors.inc({ stage: "commit" });
      o.logger.error("fusion: committing effects failed; carried into the next batch", {
        err: last!.message, attempts: delays.length + 1, backlogBatches: carriedBatches,
        incidents: work.incidents.size, outputs: work.outputs.length, notifications: work.notifications.length,
      });
      return last;
    },
    backlog: () => carriedBatches,
  };
}

function isEmpty(w: CommitPart): boolean {
  return w.incidents.size === 0 && w.incidentEvents.length === 0 && w.devices.size === 0 && w.faults.size === 0
    && w.outputs.length === 0 && w.notifications.length === 0;
}

/** Older effects first, newer override: maps keep the latest version, lists dedupe by id. */
function merge(older: CommitPart, newer: CommitPart): CommitPart {
  return {
    incidents: new Map([...older.incidents, ...newer.incidents]),
    incidentEvents: [...older.incidentEvents, ...newer.incidentEvents],
    devices: new Map([...older.devices, ...newer.devices]),
    faults: new Map([...older.faults, ...newer.faults]),
    outputs: lastById<NewCampusEvent>([...older.outputs, ...newer.outputs]),
    notifications: lastById<NotificationMessage>([...older.notifications, ...newer.notifications]),
  };
}

function lastById<T extends { id: string }>(xs: readonly T[]): T[] {
  const byId = new Map<string, T>();
  for (const x of xs) { byId.delete(x.id); byId.set(x.id, x); }
  return [...byId.values()];
}
