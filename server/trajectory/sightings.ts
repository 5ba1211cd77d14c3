import { buildPathGraph, PathGraphError, type PathGraph } from "../campus/path-graph";
import { ZPathSegment } from "../contracts/campus";
import type { Sighting, Trajectory, TrajectoryQuery } from "../contracts/trajectory";
import { dateParam, rawQuery, type Param } from "../history/raw";
import type { Db } from "../store/db";
import { reconstructLegs } from "./route";

// A subject's sightings from every source, ordered in time (the Sighting projection kept by
// server/history/indexer.ts), and its trajectory along the path network.

const GRAPH_TTL_MS = 5 * 60_000;
const graphs = new Map<string, { graph: PathGraph | null; loadedAtMs: number }>();

/** The campus path network, cached (Dijkstra trees are memoised inside the graph). */
export async function pathGraphOf(db: Db, campusId: string): Promise<PathGraph | null> {
  const hit = graphs.get(campusId);
  if (hit && Date.now() - hit.loadedAtMs < GRAPH_TTL_MS) return hit.graph;
  const rows = await db.prisma.pathSegment.findMany({ where: { campusId } });
  let graph: PathGraph | null = null;
  try {
    graph = buildPathGraph(rows.map((r) => ZPathSegment.parse({ ...r, line: JSON.parse(r.lineJson) })));
  } catch (err) {
    if (!(err instanceof PathGraphError)) throw err; // a campus without a network: straight legs
  }
  graphs.set(campusId, { graph, loadedAtMs: Date.now() });
  return graph;
}

type SightingDbRow = { seq: number; at: Date | string; kind: string; deviceId: string | null; xM: number | null; yM: number | null; drill: string | null };

/**
 * One range read of the covering index Sighting_trajectory_idx (campusId, subjectKey, at, seq,
 * kind, deviceId, xM, yM, drill): no row lookups, no ORM row mapping — a guard's thousands of
 * sightings over a month stay well under the 50 ms target (issue 8 benchmark).
 */
export async function sightingsOf(db: Db, q: Pick<TrajectoryQuery, "campusId" | "subjectKey" | "from" | "to" | "limit">): Promise<Sighting[]> {
  const params: Param[] = [q.campusId, q.subjectKey];
  const ph = () => (db.provider === "sqlite" ? "?" : `$${params.length}`);
  const ts = db.provider === "sqlite" ? "" : "::timestamp";
  let where = `"campusId" = ${db.provider === "sqlite" ? "?" : "$1"} AND "subjectKey" = ${db.provider === "sqlite" ? "?" : "$2"}`;
  if (q.from) { params.push(dateParam(db, q.from)); where += ` AND "at" >= ${ph()}${ts}`; }
  if (q.to) { params.push(dateParam(db, q.to)); where += ` AND "at" < ${ph()}${ts}`; }
  params.push(q.limit);
  const sql = `SELECT "seq", "at", "kind", "deviceId", "xM", "yM", "drill" FROM "Sighting" WHERE ${where} ORDER BY "at", "seq" LIMIT ${ph()}`;
  const rows = await rawQuery<SightingDbRow>(db, { sqlite: sql, pg: sql }, params);
  return rows.map((r) => ({
    seq: r.seq, subjectKey: q.subjectKey, at: r.at instanceof Date ? r.at : new Date(r.at), kind: r.kind, deviceId: r.deviceId, xM: r.xM, yM: r.yM, drill: r.drill,
  }));
}

export async function trajectoryOf(db: Db, q: TrajectoryQuery): Promise<Trajectory> {
  const [sightings, graph] = await Promise.all([sightingsOf(db, q), pathGraphOf(db, q.campusId)]);
  const legs = reconstructLegs(sightings, graph, q.subjectKey);
  return { subjectKey: q.subjectKey, sightings, legs, implausibleLegs: legs.filter((l) => !l.plausible).length };
}
