import type { Heatmap } from "../contracts/history";
import type { Db } from "../store/db";
import { dateParam, rawQuery } from "./raw";

// A day's (or any window's) density heatmap (R-2.9, R-4.3 hot spots): per zone the mean and peak
// people/m² and an hourly profile, from the density cameras' samples; plus a grid of where
// people and vehicles were sighted. Both read the indexer's hourly aggregates (DensityHour,
// SightingHour), so a day costs a few thousand rows however busy it was.

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
  const counts = new Array<number>(cols * rows).fill(0);
  for (const p of await placeCounts(db, campusId, from, to)) {
    const c = Math.floor((p.xM - minE) / cellM), r = Math.floor((p.yM - minN) / cellM);
    if (c >= 0 && c < cols && r >= 0 && r < rows) counts[r * cols + c] = counts[r * cols + c]! + p.n;
  }
  return { cellM, minE, minN, cols, rows, counts };
}

type PlaceCount = { xM: number; yM: number; n: number };

/**
 * Sightings per place in [from, to): whole hours from the indexer's SightingHour counts (24 rows
 * a place for a day), the partial hours at either end from the Sighting index. Both are exact
 * counts, so the sum equals a scan of the window's sightings.
 */
async function placeCounts(db: Db, campusId: string, from: Date, to: Date): Promise<PlaceCount[]> {
  const firstHourMs = Math.ceil(from.getTime() / HOUR_MS) * HOUR_MS, endHourMs = Math.floor(to.getTime() / HOUR_MS) * HOUR_MS;
  const parts = firstHourMs < endHourMs
    ? [
      hourCounts(db, campusId, new Date(firstHourMs), new Date(endHourMs)),
      ...(from.getTime() < firstHourMs ? [scanCounts(db, campusId, from, new Date(firstHourMs))] : []),
      ...(endHourMs < to.getTime() ? [scanCounts(db, campusId, new Date(endHourMs), to)] : []),
    ]
    : [scanCounts(db, campusId, from, to)];
  const byPlace = new Map<string, PlaceCount>();
  for (const part of await Promise.all(parts)) {
    for (const p of part) {
      const key = `${p.xM},${p.yM}`;
      const hit = byPlace.get(key);
      if (hit) hit.n += p.n;
      else byPlace.set(key, { ...p });
    }
  }
  return [...byPlace.values()];
}

const hourCounts = (db: Db, campusId: string, from: Date, to: Date) => rawQuery<PlaceCount>(db, {
  sqlite: `SELECT "xM", "yM", SUM("sightings") AS n FROM "SightingHour" WHERE "campusId" = ? AND "hourStart" >= ? AND "hourStart" < ? GROUP BY 1, 2`,
  pg: `SELECT "xM", "yM", SUM("sightings")::int AS n FROM "SightingHour" WHERE "campusId" = $1 AND "hourStart" >= $2::timestamp AND "hourStart" < $3::timestamp GROUP BY 1, 2`,
}, [campusId, dateParam(db, from), dateParam(db, to)]);

const scanCounts = (db: Db, campusId: string, from: Date, to: Date) => rawQuery<PlaceCount>(db, {
  sqlite: `SELECT "xM", "yM", COUNT(*) AS n FROM "Sighting" WHERE "campusId" = ? AND "at" >= ? AND "at" < ? AND "xM" IS NOT NULL AND "yM" IS NOT NULL GROUP BY 1, 2`,
  pg: `SELECT "xM", "yM", COUNT(*)::int AS n FROM "Sighting" WHERE "campusId" = $1 AND "at" >= $2::timestamp AND "at" < $3::timestamp AND "xM" IS NOT NULL AND "yM" IS NOT NULL GROUP BY 1, 2`,
}, [campusId, dateParam(db, from), dateParam(db, to)]);

const round = (x: number) => Math.round(x * 1000) / 1000;
