import type { PathSegment } from "../../contracts/campus";
import type { PointM } from "../../contracts/geometry";
import type { Prng } from "../prng";
import { round3 } from "../plane";
import type { Footway } from "./blocks";
import type { Plan } from "./layout";
import { ROAD_NAMES, ROAD_WIDTH_M } from "./sizes";

// The road and footway network as a graph: every crossing, gate and footway junction is a node
// shared by the segments that meet there (fromNode/toNode), so routing and tracks (DESIGN
// "Fusion: tracks") can walk it. Roads are axis-aligned in the working frame.

interface RoadLine {
  vertical: boolean;
  /** x for vertical lines, y for horizontal ones. */
  at: number;
  from: number;
  to: number;
  widthM: number;
  name: string;
}

function roadLines(plan: Plan, prng: Prng): RoadLine[] {
  const names = [...ROAD_NAMES];
  const takeName = () => names.splice(prng.int(0, names.length - 1), 1)[0] ?? "校园道路";
  const { xs, ys } = plan;
  const lastX = xs.length - 1, lastY = ys.length - 1;
  const out: RoadLine[] = [];
  ys.forEach((y, j) => {
    const ring = j === 0 || j === lastY;
    out.push({ vertical: false, at: y, from: xs[0]!, to: xs[lastX]!, widthM: ring ? ROAD_WIDTH_M.ring : ROAD_WIDTH_M.street, name: ring ? "环校路" : takeName() });
  });
  xs.forEach((x, i) => {
    const ring = i === 0 || i === lastX;
    const axis = i === plan.axis;
    out.push({
      vertical: true, at: x, from: ys[0]!, to: ys[lastY]!, name: ring ? "环校路" : axis ? "中轴大道" : takeName(),
      widthM: ring ? ROAD_WIDTH_M.ring : axis ? ROAD_WIDTH_M.axis : ROAD_WIDTH_M.street,
    });
  });
  for (const g of plan.gates) {
    const [gx, gy] = g.position;
    const vertical = g.outwardDeg === 0 || g.outwardDeg === 180;
    const ringAt = vertical ? (gy === 0 ? ys[0]! : ys[lastY]!) : (gx === 0 ? xs[0]! : xs[lastX]!);
    const own = vertical ? gy : gx;
    out.push({
      vertical, at: vertical ? gx : gy, from: Math.min(own, ringAt), to: Math.max(own, ringAt),
      widthM: g.kind === "main" ? ROAD_WIDTH_M.axis : ROAD_WIDTH_M.gate, name: g.kind === "main" ? "中轴大道" : `${g.name}道路`,
    });
  }
  return out;
}

const EPS = 1e-6;

export function buildNetwork(campusId: string, plan: Plan, footways: readonly Footway[], prng: Prng): PathSegment[] {
  const lines = roadLines(plan, prng);
  const nodeIds = new Map<string, string>();
  const node = (p: PointM) => {
    const key = `${Math.round(p[0] * 100)}:${Math.round(p[1] * 100)}`;
    let id = nodeIds.get(key);
    if (!id) { id = `${campusId}:n-${nodeIds.size + 1}`; nodeIds.set(key, id); }
    return id;
  };
  const pointOf = (l: RoadLine, s: number): PointM => (l.vertical ? [l.at, s] : [s, l.at]);
  const segments: PathSegment[] = [];
  let n = 0;
  for (const l of lines) {
    const stops = new Set<number>([l.from, l.to]);
    for (const o of lines) {
      if (o.vertical === l.vertical) continue;
      if (o.at >= l.from - EPS && o.at <= l.to + EPS && l.at >= o.from - EPS && l.at <= o.to + EPS) stops.add(o.at);
    }
    for (const f of footways) {
      const [fixed, along] = l.vertical ? [f.to[0], f.to[1]] : [f.to[1], f.to[0]];
      if (Math.abs(fixed - l.at) < EPS && along >= l.from - EPS && along <= l.to + EPS) stops.add(along);
    }
    const sorted = [...stops].sort((a, b) => a - b);
    for (let i = 0; i + 1 < sorted.length; i++) {
      if (sorted[i + 1]! - sorted[i]! < 0.01) continue;
      const a = pointOf(l, sorted[i]!), b = pointOf(l, sorted[i + 1]!);
      segments.push({ id: `${campusId}:p-${++n}`, kind: "road", name: l.name, line: [a, b], widthM: l.widthM, fromNode: node(a), toNode: node(b) });
    }
  }
  for (const f of footways) {
    const from: PointM = [round3(f.from[0]), round3(f.from[1])];
    segments.push({ id: `${campusId}:p-${++n}`, kind: "footway", name: f.name, line: [from, f.to], widthM: 3, fromNode: node(from), toNode: node(f.to) });
  }
  return segments;
}
