import type { PathGraph } from "../campus/path-graph";
import type { Sighting, TrajectoryLeg } from "../contracts/trajectory";

// Route reconstruction (R-4.2 trajectory analysis): between two consecutive located sightings
// the most plausible route is the shortest walk along the campus path network (people and cars
// keep to roads and paths; the network is what the population model walks too). A leg that
// would need more than the subject's top speed is flagged, not drawn as fact.

/** Top plausible speeds (m/s): a running person; a car on campus roads with generous slack. */
export const MAX_SPEED_MPS = { person: 7, vehicle: 25, unknown: 25 } as const;
/** Two sightings closer than this are the same place (camera and door of one gate). */
const SAME_PLACE_M = 30;

type P = readonly [number, number];
const dist = (a: P, b: P) => Math.hypot(a[0] - b[0], a[1] - b[1]);

export function subjectTypeOf(subjectKey: string): keyof typeof MAX_SPEED_MPS {
  return subjectKey.startsWith("vehicle:") ? "vehicle" : subjectKey.startsWith("person:") ? "person" : "unknown";
}

export function reconstructLegs(sightings: readonly Sighting[], graph: PathGraph | null, subjectKey: string): TrajectoryLeg[] {
  const maxMps = MAX_SPEED_MPS[subjectTypeOf(subjectKey)];
  const located = sightings.filter((s) => s.xM !== null && s.yM !== null);
  const legs: TrajectoryLeg[] = [];
  // Sightings come from a few fixed devices: find each one's nearest path node once.
  const nearest = new Map<string, string>();
  const nodeOf = graph ? (p: P) => {
    const key = `${p[0]},${p[1]}`;
    let n = nearest.get(key);
    if (n === undefined) nearest.set(key, (n = graph.nearestNode(p)));
    return n;
  } : null;
  for (let i = 1; i < located.length; i++) {
    const a = located[i - 1]!, b = located[i]!;
    const pa: P = [a.xM!, a.yM!], pb: P = [b.xM!, b.yM!];
    const durationS = Math.max(0, (b.at.getTime() - a.at.getTime()) / 1000);
    const { line, lengthM, routed } = routeBetween(pa, pb, graph, nodeOf);
    const speedMps = durationS > 0 ? lengthM / durationS : lengthM <= SAME_PLACE_M ? 0 : null;
    const tooFast = speedMps === null || speedMps > maxMps;
    const reason = !routed ? "no_route" : tooFast && lengthM > SAME_PLACE_M ? "too_fast" : null;
    legs.push({
      fromSeq: a.seq, toSeq: b.seq, line: reason ? [] : line.map((p) => [p[0], p[1]] as [number, number]), lengthM: round(lengthM),
      durationS, speedMps: speedMps === null ? null : round(speedMps), plausible: reason === null, reason,
    });
  }
  return legs;
}

function routeBetween(a: P, b: P, graph: PathGraph | null, nodeOf: ((p: P) => string) | null): { line: P[]; lengthM: number; routed: boolean } {
  if (dist(a, b) <= SAME_PLACE_M) return { line: [a, b], lengthM: dist(a, b), routed: true };
  if (!graph || !nodeOf) return { line: [a, b], lengthM: dist(a, b), routed: true };
  const na = nodeOf(a), nb = nodeOf(b);
  const r = graph.route(na, nb);
  if (!r) return { line: [a, b], lengthM: dist(a, b), routed: false };
  const pts = r.nodes.map((n) => graph.position(n));
  const line = [a, ...pts, b];
  return { line, lengthM: dist(a, pts[0]!) + r.lengthM + dist(pts[pts.length - 1]!, b), routed: true };
}

const round = (x: number) => Math.round(x * 100) / 100;
