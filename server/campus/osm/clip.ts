import type { LineM, PointM } from "../../contracts/geometry";
import { areaM2, openRing, pointInRing, distanceToRingM, segmentIntersection } from "./planar";

// Clipping against the campus boundary, which is in general concave — so not
// Sutherland–Hodgman (correct only for convex clip polygons).
//  • Polygons: Greiner–Hormann intersection (ACM TOG 17(2), 1998), which handles concave and
//    self-consistent simple polygons. Its one weakness is degenerate input (a vertex exactly on
//    the other polygon's edge, overlapping collinear edges) — common in OSM where a building
//    shares nodes with the campus outline. We detect those cases and nudge the subject by a
//    sub-millimetre offset and retry, which is invisible at campus scale.
//  • Polylines: split every segment where it crosses the ring, keep the pieces whose midpoint
//    is inside (or within `toleranceM` of the ring, for walls drawn on the boundary itself).

const EPS_ALPHA = 1e-9;
const NUDGES_M: readonly PointM[] = [[3.1e-5, 1.7e-5], [-2.3e-4, 4.1e-4], [1.9e-3, -2.9e-3], [-1.3e-2, -1.1e-2]];

interface GhVertex {
  p: PointM;
  next: GhVertex | null;
  prev: GhVertex | null;
  intersect: boolean;
  entry: boolean;
  visited: boolean;
  neighbour: GhVertex | null;
}

interface Crossing { si: number; sAlpha: number; cj: number; cAlpha: number; point: PointM }

const vertex = (p: PointM, intersect = false): GhVertex =>
  ({ p, next: null, prev: null, intersect, entry: false, visited: false, neighbour: null });

/** All proper crossings, or null when the configuration is degenerate. */
function findCrossings(subject: LineM, clip: LineM): Crossing[] | null {
  const out: Crossing[] = [];
  for (let si = 0; si < subject.length; si++) {
    const a = subject[si]!, b = subject[(si + 1) % subject.length]!;
    for (let cj = 0; cj < clip.length; cj++) {
      const c = clip[cj]!, d = clip[(cj + 1) % clip.length]!;
      if (Math.max(a[0], b[0]) < Math.min(c[0], d[0]) || Math.min(a[0], b[0]) > Math.max(c[0], d[0])) continue;
      if (Math.max(a[1], b[1]) < Math.min(c[1], d[1]) || Math.min(a[1], b[1]) > Math.max(c[1], d[1])) continue;
      const hit = segmentIntersection(a, b, c, d);
      if (!hit) {
        if (collinearOverlap(a, b, c, d)) return null;
        continue;
      }
      const nearEnd = (x: number) => x < EPS_ALPHA || x > 1 - EPS_ALPHA;
      if (nearEnd(hit.t) || nearEnd(hit.u)) return null;
      out.push({ si, sAlpha: hit.t, cj, cAlpha: hit.u, point: hit.point });
    }
  }
  return out;
}

function collinearOverlap(a: PointM, b: PointM, c: PointM, d: PointM): boolean {
  const cross = (o: PointM, p: PointM, q: PointM) => (p[0] - o[0]) * (q[1] - o[1]) - (p[1] - o[1]) * (q[0] - o[0]);
  const len = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
  return Math.abs(cross(a, b, c)) / len < 1e-7 && Math.abs(cross(a, b, d)) / len < 1e-7;
}

function linkRing(list: GhVertex[]): void {
  list.forEach((v, i) => {
    v.next = list[(i + 1) % list.length]!;
    v.prev = list[(i - 1 + list.length) % list.length]!;
  });
}

function buildLists(subject: LineM, clip: LineM, crossings: Crossing[]): GhVertex[] {
  const sList: GhVertex[] = [];
  const sByCrossing = new Map<Crossing, GhVertex>();
  subject.forEach((p, i) => {
    sList.push(vertex(p));
    for (const c of crossings.filter((x) => x.si === i).sort((x, y) => x.sAlpha - y.sAlpha)) {
      const v = vertex(c.point, true);
      sByCrossing.set(c, v);
      sList.push(v);
    }
  });
  const cList: GhVertex[] = [];
  clip.forEach((p, j) => {
    cList.push(vertex(p));
    for (const c of crossings.filter((x) => x.cj === j).sort((x, y) => x.cAlpha - y.cAlpha)) {
      const v = vertex(c.point, true);
      const twin = sByCrossing.get(c)!;
      v.neighbour = twin;
      twin.neighbour = v;
      cList.push(v);
    }
  });
  linkRing(sList);
  linkRing(cList);
  markEntries(sList, clip);
  markEntries(cList, subject);
  return sList;
}

function markEntries(list: GhVertex[], other: LineM): void {
  let inside = pointInRing(list[0]!.p, other);
  for (const v of list) {
    if (!v.intersect) continue;
    v.entry = !inside;
    inside = !inside;
  }
}

function trace(sList: GhVertex[]): LineM[] {
  const rings: LineM[] = [];
  for (const start of sList) {
    if (!start.intersect || start.visited) continue;
    const ring: PointM[] = [start.p];
    let cur: GhVertex = start;
    do {
      cur.visited = true;
      cur.neighbour!.visited = true;
      const forward = cur.entry;
      do {
        cur = (forward ? cur.next : cur.prev)!;
        ring.push(cur.p);
      } while (!cur.intersect);
      cur = cur.neighbour!;
    } while (!cur.visited);
    const open = openRing(ring);
    if (open.length >= 3) rings.push(open);
  }
  return rings;
}

/**
 * subject ∩ clip as a list of rings (largest first). Both rings simple, any orientation.
 * Returns null only if every nudge still left a degenerate configuration.
 */
export function intersectRings(subject: LineM, clip: LineM): LineM[] | null {
  for (const [dx, dy] of [[0, 0] as PointM, ...NUDGES_M]) {
    const s = subject.map(([x, y]): PointM => [x + dx, y + dy]);
    const crossings = findCrossings(s, clip);
    if (crossings === null) continue;
    if (crossings.length === 0) {
      if (s.every((p) => pointInRing(p, clip))) return [subject];
      if (clip.every((p) => pointInRing(p, s))) return [clip];
      return [];
    }
    return trace(buildLists(s, clip, crossings)).sort((a, b) => areaM2(b) - areaM2(a));
  }
  return null;
}

/** True when any edge of `line` crosses an edge of `ring` (or a vertex lies outside it). */
export function crossesRing(line: LineM, ring: LineM): boolean {
  return line.some((p) => !pointInRing(p, ring)) || (findCrossings(line, ring)?.length ?? 1) > 0;
}

export interface ClippedPiece {
  points: PointM[];
  /** Index into the input line of the first/last kept original vertex, or -1 at a cut. */
  startVertex: number;
  endVertex: number;
}

/** Pieces of `line` inside `ring` (or within toleranceM of it), split at boundary crossings. */
export function clipPolylineToRing(line: LineM, ring: LineM, toleranceM = 0): ClippedPiece[] {
  const keep = (p: PointM) => pointInRing(p, ring) || (toleranceM > 0 && distanceToRingM(p, ring) <= toleranceM);
  const pieces: ClippedPiece[] = [];
  let open: ClippedPiece | null = null;
  for (let i = 0; i + 1 < line.length; i++) {
    const a = line[i]!, b = line[i + 1]!;
    const ts = [0, ...segmentCrossings(a, b, ring), 1];
    for (let k = 0; k + 1 < ts.length; k++) {
      const t0 = ts[k]!, t1 = ts[k + 1]!;
      if (t1 - t0 < 1e-12) continue;
      const at = (t: number): PointM => [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
      const inside = keep(at((t0 + t1) / 2));
      if (!inside) {
        if (open) pieces.push(open);
        open = null;
        continue;
      }
      if (!open) open = { points: [at(t0)], startVertex: t0 === 0 ? i : -1, endVertex: -1 };
      open.points.push(at(t1));
      open.endVertex = t1 === 1 ? i + 1 : -1;
    }
  }
  if (open) pieces.push(open);
  return pieces.filter((p) => p.points.length >= 2);
}

function segmentCrossings(a: PointM, b: PointM, ring: LineM): number[] {
  const ts: number[] = [];
  for (let j = 0; j < ring.length; j++) {
    const hit = segmentIntersection(a, b, ring[j]!, ring[(j + 1) % ring.length]!);
    if (hit && hit.t > 1e-9 && hit.t < 1 - 1e-9) ts.push(hit.t);
  }
  return ts.sort((x, y) => x - y);
}
