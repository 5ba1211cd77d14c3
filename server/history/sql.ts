import Database from "better-sqlite3";
import pg from "pg";
import type { CampusEvent } from "../contracts/event";
import type { EventLog } from "../events/log";
import { fromEventRow } from "../events/rows";
import type { Event as EventRow } from "../store/generated/client";
import { sqlitePath, type Db } from "../store/db";

// Bulk paths of the history indexer, on the driver directly for the same reason as the event
// appender (server/events/sql-append.ts: the Prisma client costs ~0.3 ms per row). Dates are
// written in the formats the Prisma adapters read back (see sql-append.ts).

export interface SightingRow {
  seq: number; campusId: string; subjectKey: string; at: Date; kind: string;
  deviceId: string | null; xM: number | null; yM: number | null; drill: string | null;
}

/** One zone-hour of density samples (DensityHour). */
export interface DensityHourRow { campusId: string; zoneId: string; hourStart: Date; samples: number; sumPerM2: number; maxPerM2: number }

export interface HistorySql {
  /** Adds samples to the zone-hours (upsert: counts and sums add up, the peak is the larger). */
  upsertDensityHours(rows: readonly DensityHourRow[]): Promise<void>;
  /** Inserts sightings; a seq stored before is left alone (re-indexing after a restart). */
  insertSightings(rows: readonly SightingRow[]): Promise<void>;
  /** Events with seq > afterSeq in seq order (the whole deployment's log). */
  readEvents(afterSeq: number, limit: number): Promise<CampusEvent[]>;
  close(): Promise<void>;
}

const COLS = ["seq", "campusId", "subjectKey", "at", "kind", "deviceId", "xM", "yM", "drill"] as const;
const QUOTED = COLS.map((c) => `"${c}"`).join(", ");
const sqliteDate = (d: Date) => d.toISOString().replace("Z", "+00:00");
const pgDate = (d: Date) => d.toISOString().replace("Z", "");
const DH_COLS = `"campusId", "zoneId", "hourStart", "samples", "sumPerM2", "maxPerM2"`;
const DH_CONFLICT = `ON CONFLICT ("campusId", "zoneId", "hourStart") DO UPDATE SET "samples" = "DensityHour"."samples" + excluded."samples",
  "sumPerM2" = "DensityHour"."sumPerM2" + excluded."sumPerM2", "maxPerM2" = GREATEST_FN("DensityHour"."maxPerM2", excluded."maxPerM2")`;
const dhValues = (r: DensityHourRow, date: (d: Date) => string) => [r.campusId, r.zoneId, date(r.hourStart), r.samples, r.sumPerM2, r.maxPerM2];
const valuesOf = (r: SightingRow, date: (d: Date) => string) => [r.seq, r.campusId, r.subjectKey, date(r.at), r.kind, r.deviceId, r.xM, r.yM, r.drill];

export function createHistorySql(db: Db, events: EventLog): HistorySql {
  return db.provider === "sqlite" ? sqliteHistory(sqlitePath(db.url)) : pgHistory(db.url, events);
}

interface RawEventRow extends Omit<EventRow, "occurredAt" | "receivedAt"> { occurredAt: string; receivedAt: string }

function sqliteHistory(path: string): HistorySql {
  const conn = new Database(path, { timeout: 10_000 });
  conn.pragma("journal_mode = WAL");
  const insert = conn.prepare(`INSERT INTO "Sighting" (${QUOTED}) VALUES (${COLS.map(() => "?").join(", ")}) ON CONFLICT("seq") DO NOTHING`);
  const insertAll = conn.transaction((rows: readonly SightingRow[]) => {
    for (const r of rows) insert.run(...valuesOf(r, sqliteDate));
  });
  const read = conn.prepare(`SELECT * FROM "Event" WHERE "seq" > ? ORDER BY "seq" LIMIT ?`);
  const dh = conn.prepare(`INSERT INTO "DensityHour" (${DH_COLS}) VALUES (?, ?, ?, ?, ?, ?) ${DH_CONFLICT.replace("GREATEST_FN", "max")}`);
  const dhAll = conn.transaction((rows: readonly DensityHourRow[]) => {
    for (const r of rows) dh.run(...dhValues(r, sqliteDate));
  });
  return {
    upsertDensityHours: async (rows) => void (rows.length && dhAll.immediate(rows)),
    insertSightings: async (rows) => void (rows.length && insertAll.immediate(rows)),
    async readEvents(afterSeq, limit) {
      const rows = read.all(afterSeq, limit) as RawEventRow[];
      return rows.map((r) => fromEventRow({ ...r, occurredAt: new Date(r.occurredAt), receivedAt: new Date(r.receivedAt) }));
    },
    close: async () => void conn.close(),
  };
}

/** 9 columns × 5000 rows stays under PostgreSQL's 65535 bind-parameter limit. */
const PG_CHUNK_ROWS = 5000;

function pgHistory(url: string, events: EventLog): HistorySql {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  return {
    async upsertDensityHours(rows) {
      for (let i = 0; i < rows.length; i += PG_CHUNK_ROWS) {
        const params: unknown[] = [];
        const tuples = rows.slice(i, i + PG_CHUNK_ROWS).map((r) => {
          const base = params.length;
          params.push(...dhValues(r, pgDate));
          return `(${[1, 2, 3, 4, 5, 6].map((k) => `$${base + k}`).join(", ")})`;
        });
        await pool.query(`INSERT INTO "DensityHour" (${DH_COLS}) VALUES ${tuples.join(", ")} ${DH_CONFLICT.replace("GREATEST_FN", "GREATEST")}`, params);
      }
    },
    async insertSightings(rows) {
      for (let i = 0; i < rows.length; i += PG_CHUNK_ROWS) {
        const chunk = rows.slice(i, i + PG_CHUNK_ROWS);
        const params: unknown[] = [];
        const tuples = chunk.map((r) => {
          const base = params.length;
          params.push(...valuesOf(r, pgDate));
          return `(${COLS.map((_, k) => `$${base + k + 1}`).join(", ")})`;
        });
        await pool.query(`INSERT INTO "Sighting" (${QUOTED}) VALUES ${tuples.join(", ")} ON CONFLICT ("seq") DO NOTHING`, params);
      }
    },
    readEvents: (afterSeq, limit) => events.since(afterSeq, { limit }),
    close: () => pool.end(),
  };
}
