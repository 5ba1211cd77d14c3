import type { Building, PathSegment } from "../../contracts/campus";
import type { LineM, PointM } from "../../contracts/geometry";
import {
  distPointSegment, framePoint, orientedRect, pointInPolygon, polygonFrame, roundPoint, type PolygonFrame,
} from "../plane";

// Where things are inside a building footprint, for any footprint (generated rectangles or
// imported OSM outlines): entrances, rooms and stairwells in the footprint's principal frame.

export interface BuildingEntrances {
  /** Point on the outline where people enter, and the outward unit normal there. */
  main: { point: PointM; outward: PointM };
  back: { point: PointM; outward: PointM };
}

export function floorHeightM(b: Building): number {
  return b.heightM / b.floors;
}

export function frameOf(b: Building): PolygonFrame {
  return polygonFrame(b.footprint);
}

function distToPaths(p: PointM, paths: readonly PathSegment[]): number {
  let best = Infinity;
  for (const path of paths) {
    for (let i = 0; i + 1 < path.line.length; i++) best = Math.min(best, distPointSegment(p, path.line[i]!, path.line[i + 1]!));
  }
  return best;
}

/**
 * The main entrance is the side midpoint nearest the footway/road network (the generator ends a
 * footway exactly there); the back door is the opposite side. Without paths, the side facing
 * the campus origin is the front.
 */
export function entrancesOf(b: Building, paths: readonly PathSegment[]): BuildingEntrances {
  const f = frameOf(b);
  const sides = [
    { point: framePoint(f, 0, -f.halfWidthM), outward: [-f.v[0], -f.v[1]] as PointM, opposite: 1 },
    { point: framePoint(f, 0, f.halfWidthM), outward: f.v, opposite: 0 },
    { point: framePoint(f, -f.halfLenM, 0), outward: [-f.u[0], -f.u[1]] as PointM, opposite: 3 },
    { point: framePoint(f, f.halfLenM, 0), outward: f.u, opposite: 2 },
  ];
  const access = paths.filter((p) => p.kind === "footway" || p.kind === "road");
  const score = (p: PointM) => (access.length ? distToPaths(p, access) : Math.hypot(p[0], p[1]));
  let best = 0;
  for (let i = 1; i < sides.length; i++) if (score(sides[i]!.point) < score(sides[best]!.point) - 1e-6) best = i;
  const main = sides[best]!;
  const back = sides[main.opposite]!;
  return {
    main: { point: roundPoint(main.point), outward: main.outward },
    back: { point: roundPoint(back.point), outward: back.outward },
  };
}

/**
 * A rectangular room centred at fraction `alongFrac` (−1…1) of the half length, shrunk until it
 * lies inside the footprint (imported outlines are not rectangles).
 */
export function roomPolygon(b: Building, alongFrac: number, lenM = 8, depthM = 6): LineM {
  const f = frameOf(b);
  const depth = Math.min(depthM, Math.max(2, 2 * f.halfWidthM - 2));
  const len = Math.min(lenM, Math.max(2, f.halfLenM * 0.5));
  for (let k = 1; k > 0.2; k -= 0.15) {
    const c = framePoint(f, alongFrac * Math.max(0, f.halfLenM - (len * k) / 2 - 1), 0);
    const poly = orientedRect(c, f.u, (len * k) / 2, (depth * k) / 2).map(roundPoint);
    if (poly.every((p) => pointInPolygon(p, b.footprint))) return poly;
  }
  return orientedRect(f.center, f.u, 1, 1).map(roundPoint);
}

/** The two stairwells at the ends of the long axis (R-2.1, R-2.9 stairs). */
export function stairwellPolygons(b: Building): LineM[] {
  return [-1, 1].map((end) => roomPolygon(b, end, 6, 8));
}

/** Corridor centre line along the long axis, inset from the ends (camera placement ). */
export function corridorLine(b: Building): [PointM, PointM] {
  const f = frameOf(b);
  const inset = Math.min(6, f.halfLenM * 0.3);
  return [framePoint(f, -f.halfLenM + inset, 0), framePoint(f, f.halfLenM - inset, 0)];
}
