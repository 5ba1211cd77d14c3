import type { LineM, PointM } from "../contracts/geometry";

// Plane geometry in campus-local metres ([east, north]) shared by the generator and the
// placement rules. Bearings are degrees clockwise from north (as ZGate.outwardDeg and camera yaw);
// angles passed as radians are counter-clockwise from east (maths convention).

export const add = (a: PointM, b: PointM): PointM => [a[0] + b[0], a[1] + b[1]];
export const sub = (a: PointM, b: PointM): PointM => [a[0] - b[0], a[1] - b[1]];
export const scale = (a: PointM, k: number): PointM => [a[0] * k, a[1] * k];
export const dot = (a: PointM, b: PointM): number => a[0] * b[0] + a[1] * b[1];
export const cross = (a: PointM, b: PointM): number => a[0] * b[1] - a[1] * b[0];
export const dist = (a: PointM, b: PointM): number => Math.hypot(a[0] - b[0], a[1] - b[1]);
export const lerp = (a: PointM, b: PointM, t: number): PointM => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
export const round3 = (v: number): number => Math.round(v * 1000) / 1000;
export const roundPoint = (p: PointM): PointM => [round3(p[0]), round3(p[1])];

export function normalize(a: PointM): PointM {
  const l = Math.hypot(a[0], a[1]);
  if (l === 0) throw new Error("Invariant: cannot normalise a zero vector");
  return [a[0] / l, a[1] / l];
}

/** Bearing from `from` to `to`, degrees clockwise from north in [0, 360). */
export function bearingDeg(from: PointM, to: PointM): number {
  const deg = (Math.atan2(to[0] - from[0], to[1] - from[1]) * 180) / Math.PI;
  return (deg + 360) % 360;
}

/** Unit vector pointing along a bearing. */
export function bearingVector(deg: number): PointM {
  const r = (deg * Math.PI) / 180;
  return [Math.sin(r), Math.cos(r)];
}

export function normalizeDeg(deg: number): number {
  return ((deg % 360) + 360) % 360;
}

export function signedArea(poly: LineM): number {
  let a = 0;
  for (let i = 0; i < poly.length; i++) a += cross(poly[i]!, poly[(i + 1) % poly.length]!);
  return a / 2;
}

export function ensureCcw(poly: LineM): LineM {
  return signedArea(poly) < 0 ? [...poly].reverse() : poly;
}

export function centroid(poly: LineM): PointM {
  const a = signedArea(poly);
  if (Math.abs(a) < 1e-9) {
    const s = poly.reduce((acc, p) => add(acc, p), [0, 0] as PointM);
    return scale(s, 1 / poly.length);
  }
  let cx = 0, cy = 0;
  for (let i = 0; i < poly.length; i++) {
    const p = poly[i]!, q = poly[(i + 1) % poly.length]!;
    const c = cross(p, q);
    cx += (p[0] + q[0]) * c;
    cy += (p[1] + q[1]) * c;
  }
  return [cx / (6 * a), cy / (6 * a)];
}

export function pointInPolygon(p: PointM, poly: LineM): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const a = poly[i]!, b = poly[j]!;
    if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
  }
  return inside;
}

export function distPointSegment(p: PointM, a: PointM, b: PointM): number {
  const ab = sub(b, a);
  const l2 = dot(ab, ab);
  const t = l2 === 0 ? 0 : Math.max(0, Math.min(1, dot(sub(p, a), ab) / l2));
  return dist(p, lerp(a, b, t));
}

/** Distance from a point to a closed ring's edges. */
export function distPointRing(p: PointM, ring: LineM): number {
  let best = Infinity;
  for (let i = 0; i < ring.length; i++) best = Math.min(best, distPointSegment(p, ring[i]!, ring[(i + 1) % ring.length]!));
  return best;
}

function segmentsIntersect(a: PointM, b: PointM, c: PointM, d: PointM): boolean {
  const d1 = cross(sub(b, a), sub(c, a)), d2 = cross(sub(b, a), sub(d, a));
  const d3 = cross(sub(d, c), sub(a, c)), d4 = cross(sub(d, c), sub(b, c));
  return d1 * d2 < 0 && d3 * d4 < 0;
}

/** Least distance between a polyline and a polygon (0 when they touch or overlap). */
export function distPolylinePolygon(line: LineM, poly: LineM): number {
  if (line.some((p) => pointInPolygon(p, poly))) return 0;
  let best = Infinity;
  for (let i = 0; i + 1 < line.length; i++) {
    const a = line[i]!, b = line[i + 1]!;
    for (let j = 0; j < poly.length; j++) {
      const c = poly[j]!, d = poly[(j + 1) % poly.length]!;
      if (segmentsIntersect(a, b, c, d)) return 0;
      best = Math.min(best, distPointSegment(a, c, d), distPointSegment(b, c, d), distPointSegment(c, a, b));
    }
  }
  return best;
}

/** Separating-axis test for two convex polygons; `marginM` > 0 demands that much clearance. */
export function convexOverlap(a: LineM, b: LineM, marginM = 0): boolean {
  for (const poly of [a, b]) {
    for (let i = 0; i < poly.length; i++) {
      const e = sub(poly[(i + 1) % poly.length]!, poly[i]!);
      const axis = normalize([-e[1], e[0]]);
      let minA = Infinity, maxA = -Infinity, minB = Infinity, maxB = -Infinity;
      for (const p of a) { const v = dot(p, axis); minA = Math.min(minA, v); maxA = Math.max(maxA, v); }
      for (const p of b) { const v = dot(p, axis); minB = Math.min(minB, v); maxB = Math.max(maxB, v); }
      if (maxA + marginM <= minB || maxB + marginM <= minA) return false;
    }
  }
  return true;
}

/** Oriented rectangle, counter-clockwise: `axis` is the unit direction of the long side. */
export function orientedRect(center: PointM, axis: PointM, halfLenM: number, halfWidthM: number): LineM {
  const u = scale(axis, halfLenM);
  const v = scale([-axis[1], axis[0]], halfWidthM);
  return [sub(sub(center, u), v), sub(add(center, u), v), add(add(center, u), v), add(sub(center, u), v)];
}

export function polylineLength(line: LineM): number {
  let s = 0;
  for (let i = 0; i + 1 < line.length; i++) s += dist(line[i]!, line[i + 1]!);
  return s;
}

export function ringLength(ring: LineM): number {
  return polylineLength(ring) + dist(ring[ring.length - 1]!, ring[0]!);
}

/** Point at arc length `s` (wrapped) along a closed ring, and the bearing of that edge. */
export function pointOnRing(ring: LineM, s: number): { point: PointM; edgeBearingDeg: number } {
  const total = ringLength(ring);
  let rest = ((s % total) + total) % total;
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i]!, b = ring[(i + 1) % ring.length]!;
    const l = dist(a, b);
    if (rest <= l || i === ring.length - 1) return { point: lerp(a, b, l === 0 ? 0 : Math.min(1, rest / l)), edgeBearingDeg: bearingDeg(a, b) };
    rest -= l;
  }
  throw new Error("Invariant: empty ring");
}

/** Polyline along a closed ring from arc length s0 to s1 (s0 < s1 ≤ s0 + length; may wrap). */
export function subRing(ring: LineM, s0: number, s1: number): LineM {
  const out: LineM = [pointOnRing(ring, s0).point];
  let acc = 0;
  for (let k = 0; k < 2 * ring.length; k++) {
    const i = k % ring.length;
    acc += dist(ring[i]!, ring[(i + 1) % ring.length]!);
    if (acc >= s1 - 1e-9) break;
    if (acc > s0 + 1e-9) out.push(ring[(i + 1) % ring.length]!);
  }
  out.push(pointOnRing(ring, s1).point);
  return out;
}

/** Projection of a point onto a closed ring: arc length, the foot point and the distance. */
export function projectOnRing(ring: LineM, p: PointM): { s: number; point: PointM; distM: number } {
  let best = { s: 0, point: ring[0]!, distM: Infinity };
  let acc = 0;
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i]!, b = ring[(i + 1) % ring.length]!;
    const ab = sub(b, a);
    const l2 = dot(ab, ab);
    const t = l2 === 0 ? 0 : Math.max(0, Math.min(1, dot(sub(p, a), ab) / l2));
    const foot = lerp(a, b, t);
    const d = dist(p, foot);
    if (d < best.distM) best = { s: acc + t * Math.sqrt(l2), point: foot, distM: d };
    acc += Math.sqrt(l2);
  }
  return best;
}

/** Sutherland–Hodgman: clips any polygon by a convex, counter-clockwise clip polygon. */
export function clipByConvex(subject: LineM, clip: LineM): LineM {
  let out = subject;
  for (let i = 0; i < clip.length && out.length > 0; i++) {
    const a = clip[i]!, b = clip[(i + 1) % clip.length]!;
    const inside = (p: PointM) => cross(sub(b, a), sub(p, a)) >= 0;
    const input = out;
    out = [];
    for (let j = 0; j < input.length; j++) {
      const p = input[j]!, q = input[(j + 1) % input.length]!;
      const pin = inside(p), qin = inside(q);
      if (pin) out.push(p);
      if (pin !== qin) {
        const d1 = cross(sub(b, a), sub(p, a)), d2 = cross(sub(b, a), sub(q, a));
        out.push(lerp(p, q, d1 / (d1 - d2)));
      }
    }
  }
  return out;
}

export function bbox(points: LineM): { minX: number; minY: number; maxX: number; maxY: number } {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const [x, y] of points) {
    minX = Math.min(minX, x); minY = Math.min(minY, y); maxX = Math.max(maxX, x); maxY = Math.max(maxY, y);
  }
  return { minX, minY, maxX, maxY };
}

/** A footprint's principal frame: centre, unit long axis `u`, short axis `v`, half extents. */
export interface PolygonFrame {
  center: PointM;
  u: PointM;
  v: PointM;
  halfLenM: number;
  halfWidthM: number;
}

/** Frame aligned with the polygon's longest edge (exact for the generator's rectangles). */
export function polygonFrame(poly: LineM): PolygonFrame {
  let longest = 0, u: PointM = [1, 0];
  for (let i = 0; i < poly.length; i++) {
    const e = sub(poly[(i + 1) % poly.length]!, poly[i]!);
    const l = Math.hypot(e[0], e[1]);
    if (l > longest) { longest = l; u = scale(e, 1 / l); }
  }
  const v: PointM = [-u[1], u[0]];
  let minU = Infinity, maxU = -Infinity, minV = Infinity, maxV = -Infinity;
  for (const p of poly) {
    minU = Math.min(minU, dot(p, u)); maxU = Math.max(maxU, dot(p, u));
    minV = Math.min(minV, dot(p, v)); maxV = Math.max(maxV, dot(p, v));
  }
  const center = add(scale(u, (minU + maxU) / 2), scale(v, (minV + maxV) / 2));
  return { center, u, v, halfLenM: (maxU - minU) / 2, halfWidthM: (maxV - minV) / 2 };
}

/** Point in a frame's coordinates: `a` along the long axis, `b` along the short axis (metres). */
export function framePoint(f: PolygonFrame, a: number, b: number): PointM {
  return add(f.center, add(scale(f.u, a), scale(f.v, b)));
}
