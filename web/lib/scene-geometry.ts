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
  for (const b of buildings) {
    if (openRing(b.footprint).length < 3) continue;
    const g = toWorldFrame(new ExtrudeGeometry(ringShape(b.footprint), { depth: b.heightM, bevelEnabled: false, curveSegments: 1 }));
    g.deleteAttribute("uv");
    paintByNormal(g, coloursOf(b));
    parts.push(g);
  }
  if (parts.length === 0) return null;
  const merged = mergeGeometries(parts, false);
  for (const p of parts) p.dispose();
  return merged;
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
 * Flat ribbons of `widthM` along polylines at height `yM` (roads, footways, tracks). Each segment
 * is a quad lengthened by half the width at both ends, so joints overlap instead of gapping.
 */
export function ribbonsGeometry(lines: readonly { line: LineM; widthM: number }[], yM: number): BufferGeometry | null {
  const pos: number[] = [];
  for (const { line, widthM } of lines) {
    const half = widthM / 2;
    for (let i = 0; i + 1 < line.length; i++) {
      const [e1, n1] = line[i]!;
      const [e2, n2] = line[i + 1]!;
      const len = Math.hypot(e2 - e1, n2 - n1);
      if (len < 1e-6) continue;
      const ue = (e2 - e1) / len;
      const un = (n2 - n1) / len;
      const [ae, an, be, bn] = [e1 - ue * half, n1 - un * half, e2 + ue * half, n2 + un * half];
      const [oe, on] = [-un * half, ue * half]; // left normal × half width
      const a = [ae + oe, an + on, ae - oe, an - on];
      const b = [be + oe, bn + on, be - oe, bn - on];
      pos.push(a[0]!, yM, -a[1]!, a[2]!, yM, -a[3]!, b[0]!, yM, -b[1]!);
      pos.push(b[0]!, yM, -b[1]!, a[2]!, yM, -a[3]!, b[2]!, yM, -b[3]!);
    }
  }
  if (pos.length === 0) return null;
  const g = new BufferGeometry();
  g.setAttribute("position", new Float32BufferAttribute(pos, 3));
  g.computeVertexNormals();
  return g;
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
