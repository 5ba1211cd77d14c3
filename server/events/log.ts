import type { CampusEvent, NewCampusEvent } from "../contracts/event";
import type { Db } from "../store/db";
import { fromEventRow, prepareEvent, type EventInsert, type PreparedEvent } from "./rows";
import { createSqlAppender } from "./sql-append";

// The append-only event log. `append` resolves only after the events are committed, so a
// protocol adapter can ACK on resolution (DC-09: "ACK only after commit"). Appends that
// arrive while a transaction is running are grouped into the next one (group commit); an
// appender that commits in order (the SQLite writer thread) may take the next batch before the
// last one is done, so its thread goes from one transaction straight into the next.
// Events whose `id` is already stored are not written again: `append` reports them as
// duplicates, which makes retransmissions idempotent when adapters derive ids from content.

export interface AppendResult {
  /** Newly committed events, in `seq` order. */
  stored: CampusEvent[];
  /** Ids that were already in the log (nothing written for them). */
  duplicates: string[];
}

export type EventListener = (events: readonly CampusEvent[]) => void;

export interface EventLog {
  append(events: readonly NewCampusEvent[]): Promise<AppendResult>;
  /** Events with seq > afterSeq, oldest first. */
  since(afterSeq: number, opts?: { campusId?: string; limit?: number }): Promise<CampusEvent[]>;
  lastSeq(): Promise<number>;
  /** Called after each commit with the newly stored events. */
  subscribe(listener: EventListener): () => void;
  /** Resolves when every append made so far is committed. */
  flush(): Promise<void>;
  /** Flushes, then releases the log's own database connection. */
  close(): Promise<void>;
}

interface Pending {
  prepared: PreparedEvent[];
  resolve(result: AppendResult): void;
  reject(err: unknown): void;
}

export function createEventLog(db: Db, opts: { now?: () => Date } = {}): EventLog {
  const now = opts.now ?? (() => new Date());
  const appender = createSqlAppender(db);
  const listeners = new Set<EventListener>();
  let queue: Pending[] = [];
  let inFlight = 0;
  let scheduled = false;
  let closing: Promise<void> | null = null;
  /** Results are handled in submission order, whatever order the driver answers in. */
  let tail: Promise<void> = Promise.resolve();

  function commit(batch: Pending[]): Promise<void> {
    const rows: EventInsert[] = [];
    const seen = new Set<string>();
    for (const p of batch) {
      for (const { row } of p.prepared) {
        if (seen.has(row.id)) continue;
        seen.add(row.id);
        rows.push(row);
      }
    }
    const inserted = appender.insert(rows);
    const settled = tail.then(() => inserted).then((seqById) => settle(batch, seqById), (err: unknown) => {
      for (const p of batch) p.reject(err);
    });
    // A listener that throws must not fail the batches behind this one (its appends resolved).
    tail = settled.catch(() => undefined);
    return tail;
  }

  function settle(batch: Pending[], seqById: Map<string, number>): void {
    const stored: CampusEvent[] = [];
    for (const p of batch) {
      const mine: CampusEvent[] = [];
      const dups: string[] = [];
      for (const { row, event } of p.prepared) {
        const seq = seqById.get(row.id);
        if (seq === undefined) {
          dups.push(row.id);
          continue;
        }
        seqById.delete(row.id); // the first submitter of an id owns it; later copies are duplicates
        const e: CampusEvent = { ...event, seq };
        mine.push(e);
        stored.push(e);
      }
      p.resolve({ stored: mine, duplicates: dups });
    }
    stored.sort((a, b) => a.seq - b.seq);
    if (stored.length) for (const l of listeners) l(stored);
  }

  /** Sends the queued appends, in batches, while the appender can take more. */
  function pump(): void {
    scheduled = false;
    while (inFlight < appender.maxInFlight && queue.length > 0) {
      const batch = takeBatch();
      inFlight++;
      void commit(batch).finally(() => {
        inFlight--;
        pump();
      });
    }
  }

  /**
   * The first queued appends, up to about `appender.maxBatchEvents` events (SQLite: 1,000, with
   * up to 8 batches in flight). A pipelined appender gets a burst as several batches in a row,
   * so its thread starts on the first while the rest are still being handed over, and the first
   * ones' adapters acknowledge (and their devices send more) sooner; one huge batch had parser
   * and writer taking turns.
   */
  function takeBatch(): Pending[] {
    let events = 0;
    let n = 0;
    while (n < queue.length && (n === 0 || events + queue[n]!.prepared.length <= appender.maxBatchEvents)) {
      events += queue[n]!.prepared.length;
      n++;
    }
    const batch = n === queue.length ? queue : queue.slice(0, n);
    queue = n === queue.length ? [] : queue.slice(n);
    return batch;
  }

  function schedule(): void {
    if (scheduled || inFlight >= appender.maxInFlight) return;
    scheduled = true;
    setImmediate(pump);
  }

  return {
    append(events) {
      if (events.length === 0) return Promise.resolve({ stored: [], duplicates: [] });
      let prepared: PreparedEvent[];
      try {
        const receivedAt = now();
        prepared = events.map((e) => prepareEvent(e, receivedAt));
      } catch (err) {
        return Promise.reject(err);
      }
      return new Promise<AppendResult>((resolve, reject) => {
        queue.push({ prepared, resolve, reject });
        schedule();
      });
    },
    async since(afterSeq, o = {}) {
      const rows = await db.prisma.event.findMany({
        where: { seq: { gt: afterSeq }, ...(o.campusId ? { campusId: o.campusId } : {}) },
        orderBy: { seq: "asc" },
        take: o.limit ?? 1000,
      });
      return rows.map(fromEventRow);
    },
    async lastSeq() {
      const r = await db.prisma.event.aggregate({ _max: { seq: true } });
      return r._max.seq ?? 0;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async flush() {
      while (inFlight > 0 || queue.length) {
        pump();
        await tail;
      }
    },
    close() {
      // Idempotent: a second close (two owners shutting down) waits for the same one.
      closing ??= this.flush().then(() => appender.close());
      return closing;
    },
  };
}
