import type { EventsPage, EventsQuery } from "../../contracts/api";
import type { LineM } from "../../contracts/geometry";
import { pointInPolygon } from "../../campus/plane";
import { fromEventRow } from "../../events/rows";
import type { Prisma } from "../../store/generated/client";
import type { Db } from "../../store/db";

// Event log queries for the records view: filters by time, kind, zone, device, subject and
// severity; newest first; cursor = the smallest seq of the previous page (keyset pagination on
// the primary key, stable while new events arrive).

export class ZoneNotFoundError extends Error {
  override name = "ZoneNotFoundError";
  constructor(readonly campusId: string, readonly zoneId: string) {
    super(`Zone ${zoneId} does not exist on campus ${campusId}`);
  }
}

function kindFilter(kinds: readonly string[] | undefined): Prisma.EventWhereInput {
  if (!kinds?.length) return {};
  return { OR: kinds.map((k) => (k.endsWith(".") ? { kind: { startsWith: k } } : { kind: k })) };
}

/** Subjects are stored as JSON text ({"type","ref","plate"}): match the exact ref or plate. */
function subjectFilter(subject: string | undefined): Prisma.EventWhereInput {
  if (!subject) return {};
  const v = JSON.stringify(subject);
  return { OR: [{ subjectJson: { contains: `"ref":${v}` } }, { subjectJson: { contains: `"plate":${v}` } }] };
}

interface ZoneShape { polygon: LineM; floor: number; minX: number; maxX: number; minY: number; maxY: number }

async function zoneShape(db: Db, campusId: string, zoneId: string): Promise<ZoneShape> {
  const z = await db.prisma.zone.findFirst({ where: { id: zoneId, campusId } });
  if (!z) throw new ZoneNotFoundError(campusId, zoneId);
  const polygon = JSON.parse(z.polygonJson) as LineM;
  const xs = polygon.map((p) => p[0]);
  const ys = polygon.map((p) => p[1]);
  return { polygon, floor: z.floor, minX: Math.min(...xs), maxX: Math.max(...xs), minY: Math.min(...ys), maxY: Math.max(...ys) };
}

export async function queryEvents(db: Db, q: EventsQuery): Promise<EventsPage> {
  const zone = q.zoneId ? await zoneShape(db, q.campusId, q.zoneId) : null;
  const where: Prisma.EventWhereInput = {
    campusId: q.campusId,
    AND: [kindFilter(q.kinds), subjectFilter(q.subject)],
    ...(q.deviceId ? { deviceId: q.deviceId } : {}),
    ...(q.minSeverity !== undefined ? { severity: { gte: q.minSeverity } } : {}),
    ...(q.from || q.to ? { occurredAt: { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lt: q.to } : {}) } } : {}),
    // The bounding box narrows in SQL; the exact polygon test runs below.
    ...(zone ? { xM: { gte: zone.minX, lte: zone.maxX }, yM: { gte: zone.minY, lte: zone.maxY }, floor: zone.floor } : {}),
  };
  const items = [];
  let cursor = q.cursor;
  // Polygon filtering can discard rows: read in chunks until the page is full or the log ends.
  for (let round = 0; round < 20; round++) {
    const rows = await db.prisma.event.findMany({
      where: { ...where, ...(cursor !== undefined ? { seq: { lt: cursor } } : {}) },
      orderBy: { seq: "desc" },
      take: q.limit + 1,
    });
    for (const row of rows) {
      if (zone && !pointInPolygon([row.xM ?? NaN, row.yM ?? NaN], zone.polygon)) continue;
      items.push(fromEventRow(row));
      if (items.length > q.limit) break;
    }
    if (items.length > q.limit || rows.length <= q.limit) {
      const page = items.slice(0, q.limit);
      return { items: page, nextCursor: items.length > q.limit ? page.at(-1)!.seq : null };
    }
    cursor = rows.at(-1)!.seq;
  }
  // Very sparse zone matches: hand back what was found and where to continue.
  return { items, nextCursor: cursor ?? null };
}
