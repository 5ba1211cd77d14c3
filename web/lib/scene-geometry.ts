import { BufferGeometry, type Color, ExtrudeGeometry, Float32BufferAttribute, Shape, ShapeGeometry } from "three";
import { mergeGeometries } from "three/examples/jsm/utils/BufferGeometryUtils.js";
import type { Building } from "../../server/contracts/campus";
import type { LineM } from "../../server/contracts/geometry";
import { openRing, signedAreaM2 } from "./scene-coords";

// Pure geometry builders for the campus scene. Everything comes out in the three.js frame
// (x = east, y = up, z = −north; see scene-coords.ts) and merged, so a whole layer is one draw call.
// Callers own the returned geometries and dispose them.

/** A three.js Shape of a ring in (east, north), counter-clockwise as ShapeGeometry expects. */
export function ringShape(ring: LineM): Shape {
  const pts = openRing(ring);
  const ccw = signedAreaM2(pts) >= 0 ? pts : [...pts].reverse();
  const shape = new Shape();
  ccw.forEach(([e, n], i) => (i === 0 ? shape.moveTo(e, n) : shape.lineTo(e, n)));
  shape.closePath();
  return shape;
}

/** Rotates shape-space (east, north, extrude) geometry into the three.js frame. */
function toWorldFrame<T extends BufferGeometry>(g: T): T {
  g.rotateX(-Math.PI / 2);
  return g;
}

export interface BuildingColours {
  wall: Color;
  roof: Color;
}

/**
 * Every building extruded and merged into one geometry with per-vertex colours: walls in the
 * kind's colour, roofs (upward faces) in a lighter tint so they read from above.
 */
export function buildingsGeometry(
  buildings: readonly Building[],
  coloursOf: (b: Building) => BuildingColours,
): BufferGeometry | null {
  const parts: BufferGeometry[] = [];
  const ranges: BuildingTriangleRange[] = [];
  let firstTriangle = 0;
  for (const b of buildings) {
    if (openRing(b.footprint).length < 3) continue;
    const g = toWorldFrame(new ExtrudeGeometry(ringShape(b.footprint), { depth: b.heightM, bevelEnabled: false, curveSegments: 1 }));
    g.deleteAttribute("uv");
    paintByNormal(g, coloursOf(b));
    parts.push(g);
    const triangles = g.getAttribute("position").count / 3;
    ranges.push({ buildingId: b.id, firstTriangle, triangles });
    firstTriangle += triangles;
  }
  if (parts.length === 0) return null;
  const merged = mergeGeometries(parts, false);
  for (const p of parts) p.dispose();
  merged.userData.buildingRanges = ranges;
  return merged;
}

/** Which triangles of the merged buildings mesh belong to which building (for picking). */
export interface BuildingTriangleRange {
  buildingId: string;
  firstTriangle: number;
  triangles: number;
}

/** The building a picked triangle (raycast faceIndex) of the merged mesh belongs to. */
export function buildingAtTriangle(ranges: readonly BuildingTriangleRange[], faceIndex: number): string | null {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = ranges[mid]!;
    if (faceIndex < r.firstTriangle) hi = mid - 1;
    else if (faceIndex >= r.firstTriangle + r.triangles) lo = mid + 1;
    else return r.buildingId;
  }
  return null;
}

function paintByNormal(g: BufferGeometry, c: BuildingColours): void {
  const normals = g.getAttribute("normal");
  const colours = new Float32Array(normals.count * 3);
  for (let i = 0; i < normals.count; i++) {
    const src = normals.getY(i) > 0.5 ? c.roof : c.wall;
    colours[i * 3] = src.r;
    colours[i * 3 + 1] = src.g;
    colours[i * 3 + 2] = src.b;
  }
  g.setAttribute("color", new Float32BufferAttribute(colours, 3));
}

/** Line segments (pairs of points) for floor slabs, the roof outline and the building corners. */
export function buildingOutlineGeometry(buildings: readonly Building[]): BufferGeometry {
  const pos: number[] = [];
  const CORNER_MIN_TURN_RAD = Math.PI / 7; // skip vertical lines on curved facades (many vertices)
  for (const b of buildings) {
    const ring = openRing(b.footprint);
    if (ring.length < 3) continue;
    for (let f = 1; f <= b.floors; f++) pushRing(pos, ring, (b.heightM * f) / b.floors);
    ring.forEach(([e, n], i) => {
      if (turnRad(ring, i) < CORNER_MIN_TURN_RAD) return;
      pos.push(e, 0, -n, e, b.heightM, -n);
    });
  }
  const g = new BufferGeometry();
  g.setAttribute("position", new Float32BufferAttribute(pos, 3));
  return g;
}

function pushRing(pos: number[], ring: LineM, yM: number): void {
  for (let i = 0; i < ring.length; i++) {
    const [e1, n1] = ring[i]!;
    const [e2, n2] = ring[(i + 1) % ring.length]!;
    pos.push(e1, yM, -n1, e2, yM, -n2);
  }
}

function turnRad(ring: LineM, i: number): number {
  const [pe, pn] = ring[(i + ring.length - 1) % ring.length]!;
  const [e, n] = ring[i]!;
  const [ne, nn] = ring[(i + 1) % ring.length]!;
  const a1 = Math.atan2(n - pn, e - pe);
  const a2 = Math.atan2(nn - n, ne - e);
  const d = Math.abs(a2 - a1) % (2 * Math.PI);
  return d > Math.PI ? 2 * Math.PI - d : d;
}

/** Filled flat polygons at height `yM` (campus land, sports fields, zones). */
export function polygonsGeometry(rings: readonly LineM[], yM: number): BufferGeometry | null {
  const parts = rings
    .filter((r) => openRing(r).length >= 3)
    .map((r) => toWorldFrame(new ShapeGeometry(ringShape(r), 1)).translate(0, yM, 0));
  if (parts.length === 0) return null;
  for (const p of parts) p.deleteAttribute("uv");
  const merged = mergeGeometries(parts, false);
  for (const p of parts) p.dispose();
  return merged;
}

/**
 * Flat ribbons of `widthM` along polylines at height `yM` (roads, footways, tracks), with mitred
 * joints so curves (the running track) stay smooth, and square caps (open ends lengthened by half
 * the width) so roads meeting at a corner or junction leave no notch. A line whose last point
 * equals its first is treated as a loop.
 */
export function ribbonsGeometry(lines: readonly { line: LineM; widthM: number }[], yM: number): BufferGeometry | null {
  const pos: number[] = [];
  for (const { line, widthM } of lines) {
    const pts = dedupe(line);
    if (pts.length < 2) continue;
    const closed = pts.length > 2 && samePoint(pts[0]!, pts[pts.length - 1]!);
    const ring = closed ? pts.slice(0, -1) : squareCaps(pts, widthM / 2);
    const offsets = ring.map((_, i) => mitreOffset(ring, i, closed, widthM / 2));
    const count = closed ? ring.length : ring.length - 1;
    for (let i = 0; i < count; i++) {
      const j = (i + 1) % ring.length;
      const [e1, n1] = ring[i]!;
      const [e2, n2] = ring[j]!;
      const [o1e, o1n] = offsets[i]!;
      const [o2e, o2n] = offsets[j]!;
      pos.push(e1 + o1e, yM, -(n1 + o1n), e1 - o1e, yM, -(n1 - o1n), e2 + o2e, yM, -(n2 + o2n));
      pos.push(e2 + o2e, yM, -(n2 + o2n), e1 - o1e, yM, -(n1 - o1n), e2 - o2e, yM, -(n2 - o2n));
    }
  }
  if (pos.length === 0) return null;
  const g = new BufferGeometry();
  g.setAttribute("position", new Float32BufferAttribute(pos, 3));
  g.computeVertexNormals();
  return g;
}

function squareCaps(line: LineM, half: number): LineM {
  const out = line.map((p): [number, number] => [p[0], p[1]]);
  const extend = (end: number, from: number) => {
    const [e, n] = out[end]!;
    const [fe, fn] = out[from]!;
    const len = Math.hypot(e - fe, n - fn);
    out[end] = [e + ((e - fe) / len) * half, n + ((n - fn) / len) * half];
  };
  extend(0, 1);
  extend(out.length - 1, out.length - 2);
  return out;
}

const MIN_MITRE_COS = 0.35; // sharper corners than ~70° get a bounded (bevel-like) offset

function samePoint(a: readonly number[], b: readonly number[]): boolean {
  return Math.abs(a[0]! - b[0]!) < 1e-6 && Math.abs(a[1]! - b[1]!) < 1e-6;
}

function dedupe(line: LineM): LineM {
  return line.filter((p, i) => i === 0 || !samePoint(p, line[i - 1]!));
}

function leftNormal(a: readonly number[], b: readonly number[]): [number, number] {
  const len = Math.hypot(b[0]! - a[0]!, b[1]! - a[1]!);
  return [-(b[1]! - a[1]!) / len, (b[0]! - a[0]!) / len];
}

/** Offset from the centreline to the left edge at vertex i (mitre of the two adjacent segments). */
function mitreOffset(ring: LineM, i: number, closed: boolean, half: number): [number, number] {
  const prev = i > 0 ? ring[i - 1] : closed ? ring[ring.length - 1] : undefined;
  const next = i < ring.length - 1 ? ring[i + 1] : closed ? ring[0] : undefined;
  const here = ring[i]!;
  const nIn = prev ? leftNormal(prev, here) : null;
  const nOut = next ? leftNormal(here, next) : null;
  if (!nIn || !nOut) {
    const n = (nIn ?? nOut)!;
    return [n[0] * half, n[1] * half];
  }
  const me = nIn[0] + nOut[0];
  const mn = nIn[1] + nOut[1];
  const len = Math.hypot(me, mn);
  if (len < 1e-9) return [nOut[0] * half, nOut[1] * half];
  const cos = Math.max((me / len) * nOut[0] + (mn / len) * nOut[1], MIN_MITRE_COS);
  return [(me / len) * (half / cos), (mn / len) * (half / cos)];
}

/** One entry per straight piece of a polyline: its midpoint, length and bearing, for instanced boxes. */
export interface SegmentPlacement {
  midE: number;
  midN: number;
  lengthM: number;
  /** Angle of the segment from east towards north (radians), i.e. the rotation about three's +Y. */
  angleRad: number;
}

export function segmentPlacements(lines: readonly LineM[]): SegmentPlacement[] {
  const out: SegmentPlacement[] = [];
  for (const line of lines) {
    for (let i = 0; i + 1 < line.length; i++) {
      const [e1, n1] = line[i]!;
      const [e2, n2] = line[i + 1]!;
      const lengthM = Math.hypot(e2 - e1, n2 - n1);
      if (lengthM < 1e-3) continue;
      out.push({ midE: (e1 + e2) / 2, midN: (n1 + n2) / 2, lengthM, angleRad: Math.atan2(n2 - n1, e2 - e1) });
    }
  }
  return out;
}
