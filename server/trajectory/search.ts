import { pointInPolygon } from "../campus/plane";
import type { ArchiveHit, ArchiveSearch } from "../contracts/trajectory";
import type { Db } from "../store/db";
import { subjectTypeOf } from "./route";

// Archive search: by plate (exact, partial), card, person, zone in a window, and
// co-occurrence. All of it reads the Sighting projection through its (campusId, subjectKey, at)
// and (campusId, at) indexes. The router audits each search with its purpose.

export class ArchiveSearchError extends Error {
  override name = "ArchiveSearchError";
}

const MAX_ANCHORS = 50;
const MAX_ZONE_ROWS = 50_000;

type Row = { subjectKey: string; at: Date };

export async function searchArchive(db: Db, q: ArchiveSearch): Promise<ArchiveHit[]> {
  const at = q.from || q.to ? { at: { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lt: q.to } : {}) } } : {};
  switch (q.by) {
    case "plate": return bySubjects(db, q, [`vehicle:${q.value}`], at);
    case "person": return bySubjects(db, q, [`person:${q.value}`], at);
    case "card": {
      const people = await db.prisma.person.findMany({ where: { campusId: q.campusId, cardNo: q.value }, select: { id: true } });
      return bySubjects(db, q, [`person:card:${q.value}`, ...people.map((p) => `person:${p.id}`)], at);
    }
    case "plate_partial": {
      if (q.value.length < 2) throw new ArchiveSearchError("A partial plate needs at least 2 characters");
      const groups = await db.prisma.sighting.groupBy({
        by: ["subjectKey"], where: { campusId: q.campusId, subjectKey: { startsWith: "vehicle:", contains: q.value }, ...at },
        _count: { _all: true }, _min: { at: true }, _max: { at: true }, take: q.limit, orderBy: { subjectKey: "asc" },
      });
      return labelled(db, q.campusId, groups.map((g) => ({ subjectKey: g.subjectKey, n: g._count._all, first: g._min.at!, last: g._max.at! })));
    }
    case "zone": return byZone(db, q, at);
    case "cooccurrence": return byCooccurrence(db, q, at);
  }
}

async function bySubjects(db: Db, q: ArchiveSearch, keys: string[], at: object): Promise<ArchiveHit[]> {
  const groups = await db.prisma.sighting.groupBy({
    by: ["subjectKey"], where: { campusId: q.campusId, subjectKey: { in: keys }, ...at },
    _count: { _all: true }, _min: { at: true }, _max: { at: true },
  });
  return labelled(db, q.campusId, groups.map((g) => ({ subjectKey: g.subjectKey, n: g._count._all, first: g._min.at!, last: g._max.at! })));
}

async function byZone(db: Db, q: ArchiveSearch, at: object): Promise<ArchiveHit[]> {
  if (!q.zoneId) throw new ArchiveSearchError("A zone search needs zoneId");
  const zone = await db.prisma.zone.findFirst({ where: { id: q.zoneId, campusId: q.campusId } });
  if (!zone) throw new ArchiveSearchError(`Zone ${q.zoneId} is not on campus ${q.campusId}`);
  const poly = JSON.parse(zone.polygonJson) as [number, number][];
  const xs = poly.map((p) => p[0]), ys = poly.map((p) => p[1]);
  const rows = await db.prisma.sighting.findMany({
    where: { campusId: q.campusId, ...at, xM: { gte: Math.min(...xs), lte: Math.max(...xs) }, yM: { gte: Math.min(...ys), lte: Math.max(...ys) } },
    select: { subjectKey: true, at: true, xM: true, yM: true }, orderBy: { at: "asc" }, take: MAX_ZONE_ROWS,
  });
  return aggregate(db, q, rows.filter((r) => pointInPolygon([r.xM!, r.yM!], poly)));
}

/** Subjects seen within windowS and radiusM of any sighting of the anchor subject. */
async function byCooccurrence(db: Db, q: ArchiveSearch, at: object): Promise<ArchiveHit[]> {
  const anchors = await db.prisma.sighting.findMany({
    where: { campusId: q.campusId, subjectKey: q.value, ...at }, orderBy: { at: "asc" }, take: MAX_ANCHORS,
  });
  const windowMs = q.windowS * 1000;
  const near: Row[] = [];
  for (const a of anchors) {
    const rows = await db.prisma.sighting.findMany({
      where: { campusId: q.campusId, at: { gte: new Date(a.at.getTime() - windowMs), lte: new Date(a.at.getTime() + windowMs) }, subjectKey: { not: q.value } },
      select: { subjectKey: true, at: true, xM: true, yM: true }, take: 5000,
    });
    for (const r of rows) {
      if (q.subjectType && subjectTypeOf(r.subjectKey) !== q.subjectType) continue;
      const close = a.xM === null || r.xM === null || Math.hypot(r.xM - a.xM, r.yM! - a.yM!) <= q.radiusM;
      if (close) near.push(r);
    }
  }
  return aggregate(db, q, near);
}

async function aggregate(db: Db, q: ArchiveSearch, rows: readonly Row[]): Promise<ArchiveHit[]> {
  const by = new Map<string, { subjectKey: string; n: number; first: Date; last: Date }>();
  for (const r of rows) {
    if (q.subjectType && subjectTypeOf(r.subjectKey) !== q.subjectType) continue;
    const g = by.get(r.subjectKey);
    if (!g) by.set(r.subjectKey, { subjectKey: r.subjectKey, n: 1, first: r.at, last: r.at });
    else {
      g.n++;
      if (r.at < g.first) g.first = r.at;
      if (r.at > g.last) g.last = r.at;
    }
  }
  return labelled(db, q.campusId, [...by.values()].sort((a, b) => a.first.getTime() - b.first.getTime()).slice(0, q.limit));
}

async function labelled(db: Db, campusId: string, groups: Array<{ subjectKey: string; n: number; first: Date; last: Date }>): Promise<ArchiveHit[]> {
  const personIds = groups.filter((g) => g.subjectKey.startsWith("person:")).map((g) => g.subjectKey.slice(7));
  const people = personIds.length ? await db.prisma.person.findMany({ where: { campusId, id: { in: personIds } }, select: { id: true, name: true } }) : [];
  const names = new Map(people.map((p) => [p.id, p.name]));
  return groups.map((g) => {
    const type = subjectTypeOf(g.subjectKey);
    const ref = g.subjectKey.slice(g.subjectKey.indexOf(":") + 1);
    return { subjectKey: g.subjectKey, type, label: names.get(ref) ?? ref, sightings: g.n, firstAt: g.first, lastAt: g.last };
  });
}
