import type { LineM, PointM } from "../../contracts/geometry";
import { createLocalFrame, type LocalFrame } from "../coordinates";
import type { CampusBoundary } from "./boundary";
import type { OsmData } from "./parse";
import { openRing, toCounterClockwise } from "./planar";

// Everything the feature extractors share: the parsed data, the local ENU frame centred on
// the campus, and the boundary ring in that frame (counter-clockwise, implicitly closed).

export interface OsmSiteContext {
  data: OsmData;
  frame: LocalFrame;
  campusId: string;
  boundary: LineM;
  /** A node's local [east, north] metres; null when the node is not in the export. */
  point(nodeId: string): PointM | null;
  /** Local polyline of node ids; null when any node is missing. */
  line(nodeIds: readonly string[]): LineM | null;
  /** Local ring (implicitly closed) of a closed node-id list; null when unresolvable or < 3 points. */
  ring(nodeIds: readonly string[]): LineM | null;
}

export function createSiteContext(data: OsmData, boundary: CampusBoundary, campusId: string): OsmSiteContext {
  const frame = createLocalFrame(boundary.origin);
  const cache = new Map<string, PointM>();
  const point = (id: string): PointM | null => {
    const hit = cache.get(id);
    if (hit) return hit;
    const n = data.nodes.get(id);
    if (!n) return null;
    const [e, north] = frame.toLocal(n.latDeg, n.lonDeg, 0);
    const p: PointM = [round(e), round(north)];
    cache.set(id, p);
    return p;
  };
  const line = (ids: readonly string[]): LineM | null => {
    const out: PointM[] = [];
    for (const id of ids) {
      const p = point(id);
      if (!p) return null;
      out.push(p);
    }
    return out;
  };
  const ring = (ids: readonly string[]): LineM | null => {
    const l = line(ids);
    if (!l) return null;
    const open = openRing(l);
    return open.length >= 3 ? toCounterClockwise(open) : null;
  };
  const boundaryRing = ring(boundary.nodeIds);
  if (!boundaryRing) throw new Error(`Invariant: boundary ${boundary.osmType} ${boundary.osmId} was checked resolvable`);
  return { data, frame, campusId, boundary: boundaryRing, point, line, ring };
}

/** Millimetre precision: OSM coordinates carry 1e-7° (~1 cm), more digits only bloat the JSON. */
const round = (m: number) => Math.round(m * 1000) / 1000;
