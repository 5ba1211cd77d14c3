import Database from "better-sqlite3";
import type pg from "pg";
import type { CampusEvent } from "../contracts/event";
import type { EventLog } from "../events/log";
import { fromEventRow } from "../events/rows";
import type { Event as EventRow } from "../store/generated/client";
import { sqlitePath, type Db } from "../store/db";
import { createPgPool } from "../store/pg-pool";
import { densityHoursOf, sightingHoursOf, type DensitySample } from "./aggregate";

// Bulk paths of the history indexer, on the driver directly for the same reason as the event
// appender (server/events/sql-append.ts: the Prisma client costs ~0.3 ms per row). Dates are
// written in the formats the Prisma adapters read back (see sql-append.ts). Each indexed page
// is one transaction that also moves the HistoryCursor, so a crash leaves either all of a
// page's projections and aggregates or none of them; and the page's events at or before the
// cursor found in that transaction are dropped first, so indexers on several server nodes
// sharing one database (each also polls the log) never count an event twice.

export interface SightingRow {
  seq: number; campusId: string; subjectKey: string; at: Date; kind: string;
  deviceId: string | null; xM: number | null; yM: number | null; drill: string | null;
}

/** One zone-hour of density samples (DensityHour). */
export interface DensityHourRow { campusId: string; zoneId: string; hourStart: Date; samples: number; sumPerM2: number; maxPerM2: number }

/** Sightings at one place in one UTC hour (SightingHour). */
export interface SightingHourRow { campusId: string; hourStart: Date; xM: number; yM: number; sightings: number }

export interface SnapshotRow { campusId: string; seq: number; at: Date; stateJson: string }

/** What one indexed page adds; `throughSeq` is the last log seq it covers. */
export interface IndexBatch {
  sightings: readonly SightingRow[];
  densitySamples: readonly DensitySample[];
  snapshots: readonly SnapshotRow[];
  throughSeq: number;
}

/** The part of a page the committed cursor does not cover yet, folded into hourly rows. */
function uncovered(b: IndexBatch, cursor: number) {
  const sightings = b.sightings.filter((s) => s.seq > cursor);
  return {
    sightings, sightingHours: sightingHoursOf(sightings),
    densityHours: densityHoursOf(b.densitySamples.filter((d) => d.seq > cursor)),
    snapshots: b.snapshots.filter((s) => s.seq > cursor),
    throughSeq: Math.max(cursor, b.throughSeq),
  };
}

export interface HistorySql {
  /**
   * Writes a page in one transaction: of its events after the stored cursor, the sightings and
   * snapshots (a row stored before is left alone) and hourly aggregates (upsert: counts and sums
   * add up, the peak is the larger); then moves the cursor. Returns the cursor.
   */
  commit(batch: IndexBatch): Promise<number>;
  /** The last committed seq, or null before the first commit. */
  cursor(): Promise<number | null>;
  /** Events with seq > afterSeq in seq order (the whole deployment's log). */
  readEvents(afterSeq: number, limit: number): Promise<CampusEvent[]>;
  close(): Promise<void>;
}

type Value = string | number | null;
interface Table<R> { name: string; cols: readonly string[]; conflict: string; values(r: R, date: (d: Date) => string): Value[] }

const CURSOR_ID = "indexer";
const sqliteDate = (d: Date) => d.toISOString().replace("Z", "+00:00");
const pgDate = (d: Date) => d.toISOString().replace("Z", "");
const q = (cols: readonly string[]) => cols.map((c) => `"${c}"`).join(", ");

const SIGHTING: Table<SightingRow> = {
  name: "Sighting", cols: ["seq", "campusId", "subjectKey", "at", "kind", "deviceId", "xM", "yM", "drill"], conflict: `ON CONFLICT ("seq") DO NOTHING`,
  values: (r, date) => [r.seq, r.campusId, r.subjectKey, date(r.at), r.kind, r.deviceId, r.xM, r.yM, r.drill],
};
const DENSITY_HOUR: Table<DensityHourRow> = {
  name: "DensityHour", cols: ["campusId", "zoneId", "hourStart", "samples", "sumPerM2", "maxPerM2"],
  conflict: `ON CONFLICT ("campusId", "zoneId", "hourStart") DO UPDATE SET "samples" = "DensityHour"."samples" + excluded."samples",
  "sumPerM2" = "DensityHour"."sumPerM2" + excluded."sumPerM2", "maxPerM2" = GREATEST_FN("DensityHour"."maxPerM2", excluded."maxPerM2")`,
  values: (r, date) => [r.campusId, r.zoneId, date(r.hourStart), r.samples, r.sumPerM2, r.maxPerM2],
};
const SIGHTING_HOUR: Table<SightingHourRow> = {
  name: "SightingHour", cols: ["campusId", "hourStart", "xM", "yM", "sightings"],
  conflict: `ON CONFLICT ("campusId", "hourStart", "xM", "yM") DO UPDATE SET "sightings" = "SightingHour"."sightings" + excluded."sightings"`,
  values: (r, date) => [r.campusId, date(r.hourStart), r.xM, r.yM, r.sightings],
};
const SNAPSHOT: Table<SnapshotRow> = {
  name: "StateSnapshot", cols: ["campusId", "seq", "at", "stateJson"], conflict: `ON CONFLICT ("campusId", "seq") DO NOTHING`,
  values: (r, date) => [r.campusId, r.seq, date(r.at), r.stateJson],
};
const CURSOR_UPSERT = `INSERT INTO "HistoryCursor" ("id", "seq") VALUES (PH1, PH2) ON CONFLICT ("id") DO UPDATE SET "seq" = excluded."seq"`;

export function createHistorySql(db: Db, events: EventLog): HistorySql {
  return db.provider === "sqlite" ? sqliteHistory(sqlitePath(db.url)) : pgHistory(db.url, events);
}

interface RawEventRow extends Omit<EventRow, "occurredAt" | "receivedAt"> { occurredAt: string; receivedAt: string }

function sqliteHistory(path: string): HistorySql {
  const conn = new Database(path, { timeout: 10_000 });
  conn.pragma("journal_mode = WAL");
  const insertOf = <R>(t: Table<R>) => {
    const st = conn.prepare(`INSERT INTO "${t.name}" (${q(t.cols)}) VALUES (${t.cols.map(() => "?").join(", ")}) ${t.conflict.replace("GREATEST_FN", "max")}`);
    return (rows: readonly R[]) => { for (const r of rows) st.run(...t.values(r, sqliteDate)); };
  };
  const sightings = insertOf(SIGHTING), densityHours = insertOf(DENSITY_HOUR), sightingHours = insertOf(SIGHTING_HOUR), snapshots = insertOf(SNAPSHOT);
  const moveCursor = conn.prepare(CURSOR_UPSERT.replace("PH1", "?").replace("PH2", "?"));
  const readCursor = conn.prepare(`SELECT "seq" FROM "HistoryCursor" WHERE "id" = ?`);
  const commitAll = conn.transaction((b: IndexBatch): number => {
    const u = uncovered(b, (readCursor.get(CURSOR_ID) as { seq: number } | undefined)?.seq ?? 0);
    sightings(u.sightings);
    densityHours(u.densityHours);
    sightingHours(u.sightingHours);
    snapshots(u.snapshots);
    moveCursor.run(CURSOR_ID, u.throughSeq);
    return u.throughSeq;
  });
  const read = conn.prepare(`SELECT * FROM "Event" WHERE "seq" > ? ORDER BY "seq" LIMIT ?`);
  return {
    commit: async (b) => commitAll.immediate(b),
    cursor: async () => (readCursor.get(CURSOR_ID) as { seq: number } | undefined)?.seq ?? null,
    async readEvents(afterSeq, limit) {
      const rows = read.all(afterSeq, limit) as RawEventRow[];
      return rows.map((r) => fromEventRow({ ...r, occurredAt: new Date(r.occurredAt), receivedAt: new Date(r.receivedAt) }));
    },
    close: async () => void conn.close(),
  };
}

/** PostgreSQL allows 65 535 bind parameters a statement. */
const PG_MAX_PARAMS = 65_535;

async function pgInsertMany<R>(c: pg.PoolClient, t: Table<R>, rows: readonly R[]): Promise<void> {
  const chunkRows = Math.floor(PG_MAX_PARAMS / t.cols.length);
  for (let i = 0; i < rows.length; i += chunkRows) {
    const params: Value[] = [];
    const tuples = rows.slice(i, i + chunkRows).map((r) => {
      const base = params.length;
      params.push(...t.values(r, pgDate));
      return `(${t.cols.map((_, k) => `$${base + k + 1}`).join(", ")})`;
    });
    await c.query(`INSERT INTO "${t.name}" (${q(t.cols)}) VALUES ${tuples.join(", ")} ${t.conflict.replace("GREATEST_FN", "GREATEST")}`, params);
  }
}

function pgHistory(url: string, events: EventLog): HistorySql {
  const pool = createPgPool(url, 2);
  return {
    async commit(b) {
      const c = await pool.connect();
      try {
        await c.query("BEGIN");
        // The cursor row's lock serialises the commits of every indexer on this database.
        await c.query(`INSERT INTO "HistoryCursor" ("id", "seq") VALUES ($1, 0) ON CONFLICT ("id") DO NOTHING`, [CURSOR_ID]);
        const locked = await c.query<{ seq: number }>(`SELECT "seq" FROM "HistoryCursor" WHERE "id" = $1 FOR UPDATE`, [CURSOR_ID]);
        const u = uncovered(b, locked.rows[0]?.seq ?? 0);
        await pgInsertMany(c, SIGHTING, u.sightings);
        await pgInsertMany(c, DENSITY_HOUR, u.densityHours);
        await pgInsertMany(c, SIGHTING_HOUR, u.sightingHours);
        await pgInsertMany(c, SNAPSHOT, u.snapshots);
        await c.query(CURSOR_UPSERT.replace("PH1", "$1").replace("PH2", "$2"), [CURSOR_ID, u.throughSeq]);
        await c.query("COMMIT");
        return u.throughSeq;
      } catch (err) {
        await c.query("ROLLBACK").catch(() => undefined);
        throw err;
      } finally {
        c.release();
      }
    },
    async cursor() {
      const r = await pool.query<{ seq: number }>(`SELECT "seq" FROM "HistoryCursor" WHERE "id" = $1`, [CURSOR_ID]);
      return r.rows[0]?.seq ?? null;
    },
    readEvents: (afterSeq, limit) => events.since(afterSeq, { limit }),
    close: () => pool.end(),
  };
}
