import type { Heatmap } from "../contracts/history";
import type { Db } from "../store/db";
import { dateParam, rawQuery } from "./raw";

// A day's (or any window's) density heatmap (R-2.9, R-4.3 hot spots): per zone the mean and peak
// people/m² and an hourly profile, from the density cameras' samples; plus a grid of where
// people and vehicles were sighted. Aggregated in SQL, so a day costs one read of the zone-hours
// and one covering-index scan of the sightings.

export const HEATMAP_CELL_M = 25;
const HOUR_MS = 3_600_000;

export async function heatmap(db: Db, campusId: string, from: Date, to: Date, cellM = HEATMAP_CELL_M): Promise<Heatmap> {
  const hours = Math.max(1, Math.ceil((to.getTime() - from.getTime()) / HOUR_MS));
  const [zones, grid] = await Promise.all([zoneDensity(db, campusId, from, to, hours), sightingGrid(db, campusId, from, to, cellM)]);
  return { campusId, fromMs: from.getTime(), toMs: to.getTime(), zones, grid };
}

async function zoneDensity(db: Db, campusId: string, from: Date, to: Date, hours: number): Promise<Heatmap["zones"]> {
  // Zone-hours kept by the history indexer (DensityHour): 24 rows a zone for a day.
  const rows = await db.prisma.densityHour.findMany({ where: { campusId, hourStart: { gte: from, lt: to } } });
  const byZone = new Map<string, { n: number; total: number; peak: number; hourly: number[] }>();
  for (const r of rows) {
    let z = byZone.get(r.zoneId);
    if (!z) byZone.set(r.zoneId, (z = { n: 0, total: 0, peak: 0, hourly: new Array<number>(hours).fill(0) }));
    z.n += r.samples;
    z.total += r.sumPerM2;
    z.peak = Math.max(z.peak, r.maxPerM2);
    const h = Math.floor((r.hourStart.getTime() - from.getTime()) / HOUR_MS);
    if (h >= 0 && h < hours) z.hourly[h] = round(r.sumPerM2 / r.samples);
  }
  return [...byZone.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([zoneId, z]) => ({
    zoneId, samples: z.n, meanPerM2: round(z.total / z.n), maxPerM2: round(z.peak), hourlyMeanPerM2: z.hourly,
  }));
}

async function sightingGrid(db: Db, campusId: string, from: Date, to: Date, cellM: number): Promise<Heatmap["grid"]> {
  const campus = await db.prisma.campus.findUnique({ where: { id: campusId }, select: { boundaryJson: true } });
  const ring: Array<readonly [number, number]> = campus ? (JSON.parse(campus.boundaryJson) as [number, number][]) : [[0, 0]];
  const es = ring.map((p) => p[0]), ns = ring.map((p) => p[1]);
  const minE = Math.min(...es), minN = Math.min(...ns);
  const cols = Math.max(1, Math.ceil((Math.max(...es) - minE) / cellM));
  const rows = Math.max(1, Math.ceil((Math.max(...ns) - minN) / cellM));
  const cells = await rawQuery<{ c: number; r: number; n: number }>(db, {
    sqlite: `SELECT CAST(("xM" - ?) / ? AS INTEGER) AS c, CAST(("yM" - ?) / ? AS INTEGER) AS r, COUNT(*) AS n
      FROM "Sighting" WHERE "campusId" = ? AND "at" >= ? AND "at" < ? AND "xM" IS NOT NULL GROUP BY 1, 2`,
    pg: `SELECT floor(("xM" - $1) / $2)::int AS c, floor(("yM" - $3) / $4)::int AS r, COUNT(*) AS n
      FROM "Sighting" WHERE "campusId" = $5 AND "at" >= $6::timestamp AND "at" < $7::timestamp AND "xM" IS NOT NULL GROUP BY 1, 2`,
  }, [minE, cellM, minN, cellM, campusId, dateParam(db, from), dateParam(db, to)]);
  const counts = new Array<number>(cols * rows).fill(0);
  for (const x of cells) if (x.c >= 0 && x.c < cols && x.r >= 0 && x.r < rows) counts[x.r * cols + x.c] = (counts[x.r * cols + x.c] ?? 0) + x.n;
  return { cellM, minE, minN, cols, rows, counts };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
