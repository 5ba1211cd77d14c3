import type { Building } from "../../contracts/campus";
import type { LineM, PointM } from "../../contracts/geometry";
import { buildingName, buildingSize, guessBuildingKind, type BuildingSize } from "./building-tags";
import { crossesRing, intersectRings } from "./clip";
import type { OsmSiteContext } from "./context";
import type { OsmTags } from "./parse";
import { areaM2, centroid, pointInRing, toCounterClockwise } from "./planar";
import { relationOuterRings } from "./rings";

// Buildings (building=* on closed ways and multipolygon relations) inside the campus.
// Selection and clipping (documented choice): a building belongs to the campus when its
// footprint centroid lies inside the boundary; only footprints that actually cross the
// boundary are clipped (Greiner–Hormann, see clip.ts — correct for the concave boundary), and
// of the pieces the largest is kept, since a Building has one footprint ring.

export interface ImportedBuilding extends Building {
  osmRef: string;
  centroid: PointM;
  heightSource: BuildingSize["heightSource"];
  clipped: boolean;
}

interface RawFootprint { osmRef: string; tags: OsmTags; ring: LineM }

const isBuilding = (tags: OsmTags) => tags.building !== undefined && tags.building !== "no";

function rawFootprints(ctx: OsmSiteContext): RawFootprint[] {
  const out: RawFootprint[] = [];
  const coveredByRelation = new Set<string>();
  for (const r of ctx.data.relations.values()) {
    if (!isBuilding(r.tags) || r.tags.type !== "multipolygon") continue;
    const { rings } = relationOuterRings(r, ctx.data);
    const local = rings.map((ids) => ctx.ring(ids)).filter((x): x is LineM => x !== null);
    if (local.length === 0) continue;
    local.sort((a, b) => areaM2(b) - areaM2(a)); // the main outer; inner courtyards are not modelled
    for (const m of r.members) if (m.type === "way") coveredByRelation.add(m.ref);
    out.push({ osmRef: `r${r.id}`, tags: r.tags, ring: local[0]! });
  }
  for (const w of ctx.data.ways.values()) {
    if (!isBuilding(w.tags) || coveredByRelation.has(w.id)) continue;
    if (w.nodeIds.length < 4 || w.nodeIds[0] !== w.nodeIds[w.nodeIds.length - 1]) continue;
    const ring = ctx.ring(w.nodeIds);
    if (ring) out.push({ osmRef: `w${w.id}`, tags: w.tags, ring });
  }
  return out;
}

/** Keeps the footprint if its centroid is inside; clips it when it crosses the boundary. */
function fitToBoundary(ring: LineM, boundary: LineM): { ring: LineM; clipped: boolean } | null {
  if (!pointInRing(centroid(ring), boundary)) return null;
  if (!crossesRing(ring, boundary)) return { ring, clipped: false };
  const pieces = intersectRings(ring, boundary);
  const largest = pieces?.[0];
  if (!largest || areaM2(largest) < 1) return null;
  return { ring: toCounterClockwise(largest), clipped: true };
}

export function extractBuildings(ctx: OsmSiteContext): ImportedBuilding[] {
  const out: ImportedBuilding[] = [];
  for (const raw of rawFootprints(ctx)) {
    if (areaM2(raw.ring) < 1) continue; // degenerate (collinear) outlines
    const fitted = fitToBoundary(raw.ring, ctx.boundary);
    if (!fitted) continue;
    const size = buildingSize(raw.tags);
    out.push({
      id: `${ctx.campusId}-b-${raw.osmRef}`,
      name: buildingName(raw.tags, `Building ${raw.osmRef}`),
      kind: guessBuildingKind(raw.tags),
      footprint: fitted.ring,
      heightM: Math.round(size.heightM * 100) / 100,
      floors: size.floors,
      osmRef: raw.osmRef,
      centroid: centroid(fitted.ring),
      heightSource: size.heightSource,
      clipped: fitted.clipped,
    });
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}
