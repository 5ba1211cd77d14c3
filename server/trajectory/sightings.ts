import { buildPathGraph, PathGraphError, type PathGraph } from "../campus/path-graph";
import { ZPathSegment } from "../contracts/campus";
import type { Sighting, Trajectory, TrajectoryQuery } from "../contracts/trajectory";
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

export async function sightingsOf(db: Db, q: Pick<TrajectoryQuery, "campusId" | "subjectKey" | "from" | "to" | "limit">): Promise<Sighting[]> {
  const rows = await db.prisma.sighting.findMany({
    where: { campusId: q.campusId, subjectKey: q.subjectKey, ...(q.from || q.to ? { at: { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lt: q.to } : {}) } } : {}) },
    orderBy: [{ at: "asc" }, { seq: "asc" }],
    take: q.limit,
  });
  return rows.map((r) => ({ seq: r.seq, subjectKey: r.subjectKey, at: r.at, kind: r.kind, deviceId: r.deviceId, xM: r.xM, yM: r.yM, drill: r.drill }));
}

export async function trajectoryOf(db: Db, q: TrajectoryQuery): Promise<Trajectory> {
  const [sightings, graph] = await Promise.all([sightingsOf(db, q), pathGraphOf(db, q.campusId)]);
  const legs = reconstructLegs(sightings, graph, q.subjectKey);
  return { subjectKey: q.subjectKey, sightings, legs, implausibleLegs: legs.filter((l) => !l.plausible).length };
}
