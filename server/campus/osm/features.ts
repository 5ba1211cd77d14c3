import type { PathSegment, Zone } from "../../contracts/campus";
import type { LineM, PointM } from "../../contracts/geometry";
import { parseLengthM } from "./building-tags";
import { clipPolylineToRing, crossesRing, intersectRings } from "./clip";
import type { OsmSiteContext } from "./context";
import type { OsmTags } from "./parse";
import { areaM2, centroid, closestOnSegment, pointInRing, toCounterClockwise } from "./planar";
import { relationOuterRings } from "./rings";

// Walls, fences and sports grounds.
//  • barrier=wall|fence (https://wiki.openstreetmap.org/wiki/Key:barrier) → `wall`/`fence` paths,
//    clipped to the outline with a WALL_TOLERANCE_M margin because perimeter walls are often
//    drawn on (or a hair outside) the outline itself.
//  • leisure=pitch and non-building leisure=stadium → a `field` outline and a `playground` zone;
//    leisure=track → a `track` path. An indoor stadium tagged building=* is a building only.

export const WALL_TOLERANCE_M = 3;
const WALL_KINDS: Record<string, "wall" | "fence"> = { wall: "wall", city_wall: "wall", fence: "fence", guard_rail: "fence" };
const BARRIER_WIDTH_M = { wall: 0.3, fence: 0.1 };

function nameOf(tags: OsmTags): string | null {
  return tags.name ?? tags["name:zh"] ?? tags["name:en"] ?? null;
}

export function extractBarriers(ctx: OsmSiteContext): PathSegment[] {
  const out: PathSegment[] = [];
  for (const w of ctx.data.ways.values()) {
    const kind = WALL_KINDS[w.tags.barrier ?? ""];
    if (!kind) continue;
    const line = ctx.line(w.nodeIds);
    if (!line || line.length < 2) continue;
    const widthM = parseLengthM(w.tags.width) ?? BARRIER_WIDTH_M[kind];
    clipPolylineToRing(line, ctx.boundary, WALL_TOLERANCE_M).forEach((piece, i) => {
      out.push({
        id: `${ctx.campusId}-barrier-w${w.id}-${i}`, kind, name: nameOf(w.tags), line: piece.points, widthM,
        fromNode: piece.startVertex >= 0 ? w.nodeIds[piece.startVertex]! : null,
        toNode: piece.endVertex >= 0 ? w.nodeIds[piece.endVertex]! : null,
      });
    });
  }
  return out;
}

interface Area { osmRef: string; tags: OsmTags; ring: LineM }

function leisureAreas(ctx: OsmSiteContext, leisure: ReadonlySet<string>): Area[] {
  const out: Area[] = [];
  for (const r of ctx.data.relations.values()) {
    if (!leisure.has(r.tags.leisure ?? "") || r.tags.type !== "multipolygon") continue;
    const rings = relationOuterRings(r, ctx.data).rings.map((ids) => ctx.ring(ids)).filter((x): x is LineM => !!x);
    rings.sort((a, b) => areaM2(b) - areaM2(a));
    if (rings[0]) out.push({ osmRef: `r${r.id}`, tags: r.tags, ring: rings[0] });
  }
  for (const w of ctx.data.ways.values()) {
    if (!leisure.has(w.tags.leisure ?? "") || w.nodeIds[0] !== w.nodeIds[w.nodeIds.length - 1]) continue;
    const ring = ctx.ring(w.nodeIds);
    if (ring) out.push({ osmRef: `w${w.id}`, tags: w.tags, ring });
  }
  return out;
}

/** Same rule as buildings: centroid inside, clipped only where it crosses the outline. */
function fitArea(ring: LineM, boundary: LineM): LineM | null {
  if (areaM2(ring) < 1 || !pointInRing(centroid(ring), boundary)) return null;
  if (!crossesRing(ring, boundary)) return ring;
  const largest = intersectRings(ring, boundary)?.[0];
  return largest && areaM2(largest) >= 1 ? toCounterClockwise(largest) : null;
}

const closed = (ring: LineM): LineM => [...ring, ring[0]!];

export function extractGrounds(ctx: OsmSiteContext): { paths: PathSegment[]; zones: Zone[] } {
  const paths: PathSegment[] = [];
  const zones: Zone[] = [];
  const grounds = leisureAreas(ctx, new Set(["pitch", "stadium"])).filter((a) => !(a.tags.leisure === "stadium" && a.tags.building));
  for (const a of grounds) {
    const ring = fitArea(a.ring, ctx.boundary);
    if (!ring) continue;
    const sport = a.tags.sport?.split(";")[0];
    const name = nameOf(a.tags) ?? `${sport ? `${sport} ` : ""}${a.tags.leisure} ${a.osmRef}`;
    paths.push({ id: `${ctx.campusId}-field-${a.osmRef}`, kind: "field", name, line: closed(ring), widthM: 0.1, fromNode: null, toNode: null });
    zones.push({
      id: `${ctx.campusId}-z-${a.osmRef}`, name, kind: "playground", polygon: ring, floor: 0,
      ownerDept: null, gridId: null, buildingId: null, densityLimitPerM2: null,
    });
  }
  for (const w of ctx.data.ways.values()) {
    if (w.tags.leisure !== "track") continue;
    const line = ctx.line(w.nodeIds);
    if (!line) continue;
    const widthM = parseLengthM(w.tags.width) ?? 9.76; // 8 lanes × 1.22 m (IAAF track rules)
    clipPolylineToRing(line, ctx.boundary).forEach((piece, i) => {
      paths.push({ id: `${ctx.campusId}-track-w${w.id}-${i}`, kind: "track", name: nameOf(w.tags), line: piece.points, widthM, fromNode: null, toNode: null });
    });
  }
  return { paths, zones };
}

// ---- perimeter ------------------------------------------------------------------------------

const CHUNK_M = 5;
const COVERED_WITHIN_M = 8;

function nearAny(p: PointM, lines: readonly LineM[], withinM: number): boolean {
  for (const l of lines) {
    for (let i = 0; i + 1 < l.length; i++) if (closestOnSegment(p, l[i]!, l[i + 1]!).distM <= withinM) return true;
  }
  return false;
}

/** The outline cut into ≤ CHUNK_M pieces, each [start, end]. */
function outlineChunks(boundary: LineM): Array<[PointM, PointM]> {
  const chunks: Array<[PointM, PointM]> = [];
  boundary.forEach((a, i) => {
    const b = boundary[(i + 1) % boundary.length]!;
    const n = Math.max(1, Math.ceil(Math.hypot(b[0] - a[0], b[1] - a[1]) / CHUNK_M));
    for (let k = 0; k < n; k++) {
      const at = (t: number): PointM => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
      chunks.push([at(k / n), at((k + 1) / n)]);
    }
  });
  return chunks;
}

/**
 * R-2.4 needs a perimeter to put the tension fence on. Where the outline has no mapped wall or
 * fence within COVERED_WITHIN_M, a `wall` path is laid along the outline itself, left open at
 * gates on the perimeter (gate width + 1 m each side).
 */
export function perimeterWalls(ctx: OsmSiteContext, mapped: readonly PathSegment[], gates: ReadonlyArray<{ position: PointM; widthM: number }>): PathSegment[] {
  const barrierLines = mapped.filter((p) => p.kind === "wall" || p.kind === "fence").map((p) => p.line);
  const chunks = outlineChunks(ctx.boundary);
  const open = chunks.map(([a, b]) => {
    const mid: PointM = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
    if (nearAny(mid, barrierLines, COVERED_WITHIN_M)) return false;
    return !gates.some((g) => Math.hypot(g.position[0] - mid[0], g.position[1] - mid[1]) <= g.widthM / 2 + 1 + CHUNK_M / 2);
  });
  // Rotate so a run never wraps past the array end (start after a gap, if there is one).
  const firstGap = open.indexOf(false);
  const order = chunks.map((_, i) => (i + Math.max(firstGap, 0)) % chunks.length);
  const runs: LineM[] = [];
  let run: PointM[] | null = null;
  for (const i of order) {
    if (!open[i]) {
      run = null;
      continue;
    }
    const [a, b] = chunks[i]!;
    if (!run) runs.push((run = [a]));
    run.push(b);
  }
  return runs
    .filter((line) => line.length >= 2)
    .map((line, i) => ({
      id: `${ctx.campusId}-perimeter-${i}`, kind: "wall" as const, name: "围墙 (campus outline)", line: simplifyCollinear(line),
      widthM: BARRIER_WIDTH_M.wall, fromNode: null, toNode: null,
    }));
}

/** Drops the chunking's intermediate points that lie on a straight outline edge. */
function simplifyCollinear(line: LineM): LineM {
  const out: PointM[] = [line[0]!];
  for (let i = 1; i + 1 < line.length; i++) {
    const a = out[out.length - 1]!, b = line[i]!, c = line[i + 1]!;
    const cross = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
    if (Math.abs(cross) > 1e-6 * Math.max(1, Math.hypot(c[0] - a[0], c[1] - a[1]))) out.push(b);
  }
  out.push(line[line.length - 1]!);
  return out;
}
