import type { LineM, PointM } from "../../contracts/geometry";

// Planar geometry in campus-local metres (east, north). Rings are implicitly closed
// (first ≠ last), as in server/contracts/geometry.ts.

/** Shoelace area; positive for a counter-clockwise ring (east = x, north = y). */
export function signedAreaM2(ring: LineM): number {
  let twice = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i]!;
    const [x2, y2] = ring[(i + 1) % ring.length]!;
    twice += x1 * y2 - x2 * y1;
  }
  return twice / 2;
}

export const areaM2 = (ring: LineM): number => Math.abs(signedAreaM2(ring));

/** The ring counter-clockwise (the schema's convention for footprints). */
export function toCounterClockwise(ring: LineM): LineM {
  return signedAreaM2(ring) < 0 ? [...ring].reverse() : ring;
}

/** Drops a repeated closing point and consecutive duplicates. */
export function openRing(points: LineM): LineM {
  const out: PointM[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  const first = out[0];
  const last = out[out.length - 1];
  if (out.length > 1 && first && last && first[0] === last[0] && first[1] === last[1]) out.pop();
  return out;
}

/** Area centroid; falls back to the vertex mean for degenerate (zero-area) rings. */
export function centroid(ring: LineM): PointM {
  let cx = 0;
  let cy = 0;
  let twice = 0;
  const [ox, oy] = ring[0] ?? [0, 0]; // shift for numeric stability far from the origin
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i]!;
    const [x2, y2] = ring[(i + 1) % ring.length]!;
    const ax = x1 - ox, ay = y1 - oy, bx = x2 - ox, by = y2 - oy;
    const cross = ax * by - bx * ay;
    twice += cross;
    cx += (ax + bx) * cross;
    cy += (ay + by) * cross;
  }
  if (Math.abs(twice) < 1e-12) {
    const n = Math.max(ring.length, 1);
    return [ring.reduce((s, p) => s + p[0], 0) / n, ring.reduce((s, p) => s + p[1], 0) / n];
  }
  return [ox + cx / (3 * twice), oy + cy / (3 * twice)];
}

/** Even-odd point-in-polygon test (points exactly on an edge may fall either way). */
export function pointInRing(p: PointM, ring: LineM): boolean {
  const [x, y] = p;
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export interface ClosestPoint { point: PointM; distM: number; t: number }

export function closestOnSegment(p: PointM, a: PointM, b: PointM): ClosestPoint {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  const point: PointM = [a[0] + t * dx, a[1] + t * dy];
  return { point, distM: Math.hypot(p[0] - point[0], p[1] - point[1]), t };
}

export interface NearestEdge extends ClosestPoint { edgeIndex: number }

/** The ring edge (i → i+1) nearest to p. */
export function nearestRingEdge(p: PointM, ring: LineM): NearestEdge {
  let best: NearestEdge = { point: ring[0]!, distM: Infinity, t: 0, edgeIndex: 0 };
  for (let i = 0; i < ring.length; i++) {
    const c = closestOnSegment(p, ring[i]!, ring[(i + 1) % ring.length]!);
    if (c.distM < best.distM) best = { ...c, edgeIndex: i };
  }
  return best;
}

export const distanceToRingM = (p: PointM, ring: LineM): number => nearestRingEdge(p, ring).distM;

export interface SegmentHit { t: number; u: number; point: PointM }

/** Proper intersection of segments a→b and c→d; null when parallel or apart. */
export function segmentIntersection(a: PointM, b: PointM, c: PointM, d: PointM): SegmentHit | null {
  const rx = b[0] - a[0], ry = b[1] - a[1];
  const sx = d[0] - c[0], sy = d[1] - c[1];
  const den = rx * sy - ry * sx;
  if (Math.abs(den) < 1e-12) return null;
  const qx = c[0] - a[0], qy = c[1] - a[1];
  const t = (qx * sy - qy * sx) / den;
  const u = (qx * ry - qy * rx) / den;
  if (t < 0 || t > 1 || u < 0 || u > 1) return null;
  return { t, u, point: [a[0] + t * rx, a[1] + t * ry] };
}

/** Compass bearing of a direction vector: degrees clockwise from north, in [0, 360). */
export function bearingDeg(east: number, north: number): number {
  const deg = (Math.atan2(east, north) * 180) / Math.PI;
  return (deg + 360) % 360;
}

export function polylineLengthM(line: LineM): number {
  let len = 0;
  for (let i = 1; i < line.length; i++) len += Math.hypot(line[i]![0] - line[i - 1]![0], line[i]![1] - line[i - 1]![1]);
  return len;
}

export interface Bbox { minX: number; minY: number; maxX: number; maxY: number }
export function bboxOf(points: LineM): Bbox {
  const b = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (const [x, y] of points) {
    if (x < b.minX) b.minX = x;
    if (y < b.minY) b.minY = y;
    if (x > b.maxX) b.maxX = x;
    if (y > b.maxY) b.maxY = y;
  }
  return b;
}
