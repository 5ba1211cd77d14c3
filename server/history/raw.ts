import type { Db } from "../store/db";

// Provider-specific SQL for history's aggregations (timeline buckets, heatmaps), which the
// Prisma query API cannot express. Dates are compared in the stored formats (sql-append.ts).

export type Param = string | number | null;

/** A DateTime parameter in the column's stored form. */
export function dateParam(db: Db, d: Date): string {
  return db.provider === "sqlite" ? d.toISOString().replace("Z", "+00:00") : d.toISOString().replace("Z", "");
}

/** Runs `sqlite` or `pg` (with $n placeholders) for the provider; numbers come back as numbers. */
export async function rawQuery<T extends Record<string, unknown>>(db: Db, sql: { sqlite: string; pg: string }, params: Param[]): Promise<T[]> {
  const rows = await db.prisma.$queryRawUnsafe<Record<string, unknown>[]>(db.provider === "sqlite" ? sql.sqlite : sql.pg, ...params);
  return rows.map((r) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) out[k] = typeof v === "bigint" ? Number(v) : v;
    return out as T;
  });
}

/** Milliseconds between a DateTime column and a parameter (the parameter's placeholder given). */
export function msSince(db: Db, column: string, placeholder: string): string {
  return db.provider === "sqlite"
    ? `((julianday(${column}) - julianday(${placeholder})) * 86400000.0)`
    : `(extract(epoch from (${column} - ${placeholder}::timestamp)) * 1000.0)`;
}
