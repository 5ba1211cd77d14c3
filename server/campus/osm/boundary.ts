import type { GeoOrigin, LineM } from "../../contracts/geometry";
import { OsmBoundaryError } from "./errors";
import type { OsmData, OsmTags } from "./parse";
import { areaM2, centroid } from "./planar";
import { assembleRings, relationOuterRings, ringResolvable } from "./rings";

// The campus boundary: a closed way or multipolygon relation tagged amenity=university|college|
// school (https://wiki.openstreetmap.org/wiki/Tag:amenity=university). When several are in the
// export (neighbouring schools are common), the largest wins; `--boundary` picks one explicitly.

export const CAMPUS_AMENITIES: ReadonlySet<string> = new Set(["university", "college", "school"]);

export interface BoundaryRef { type: "way" | "relation" | "any"; id: string }

export interface CampusBoundary {
  osmType: "way" | "relation";
  osmId: string;
  tags: OsmTags;
  /** Node ids of the outer ring, first === last. */
  nodeIds: string[];
  /** Area-weighted centroid of the ring: the campus origin. */
  origin: GeoOrigin;
}

/** "relation/18788116", "r18788116", "way/42", "w42" or a bare id (relation first, then way). */
export function parseBoundaryRef(text: string): BoundaryRef {
  const m = /^(?:(relation|way|r|w)\/?)?(\d+)$/i.exec(text.trim());
  if (!m) throw new OsmBoundaryError("--boundary", `"${text}" is not an OSM way or relation id (e.g. relation/18788116)`);
  const kind = m[1]?.toLowerCase();
  const type = kind === "relation" || kind === "r" ? "relation" : kind === "way" || kind === "w" ? "way" : "any";
  return { type, id: m[2]! };
}

/** Equirectangular metres around a reference latitude: only for ranking areas and the centroid. */
function roughPlane(ids: readonly string[], data: OsmData, ref: { latDeg: number; lonDeg: number }): LineM {
  const mPerDegLat = 111_320;
  const mPerDegLon = 111_320 * Math.cos((ref.latDeg * Math.PI) / 180);
  return ids.slice(0, -1).map((id) => {
    const n = data.nodes.get(id)!;
    return [(n.lonDeg - ref.lonDeg) * mPerDegLon, (n.latDeg - ref.latDeg) * mPerDegLat];
  });
}

interface Candidate { osmType: "way" | "relation"; osmId: string; tags: OsmTags; ring: string[]; areaM2: number }

function largestRing(rings: string[][], data: OsmData): { ring: string[]; areaM2: number } | null {
  let best: { ring: string[]; areaM2: number } | null = null;
  for (const ring of rings) {
    if (!ringResolvable(ring, data)) continue;
    const first = data.nodes.get(ring[0]!)!;
    const a = areaM2(roughPlane(ring, data, first));
    if (!best || a > best.areaM2) best = { ring, areaM2: a };
  }
  return best;
}

function wayCandidate(id: string, data: OsmData): Candidate | null {
  const w = data.ways.get(id);
  if (!w) return null;
  const best = largestRing(assembleRings([w]).rings, data);
  return best && { osmType: "way", osmId: id, tags: w.tags, ring: best.ring, areaM2: best.areaM2 };
}

function relationCandidate(id: string, data: OsmData): Candidate | null {
  const r = data.relations.get(id);
  if (!r) return null;
  const best = largestRing(relationOuterRings(r, data).rings, data);
  return best && { osmType: "relation", osmId: id, tags: r.tags, ring: best.ring, areaM2: best.areaM2 };
}

function toBoundary(c: Candidate, data: OsmData): CampusBoundary {
  const ref = data.nodes.get(c.ring[0]!)!;
  const [cx, cy] = centroid(roughPlane(c.ring, data, ref));
  const latDeg = ref.latDeg + cy / 111_320;
  const lonDeg = ref.lonDeg + cx / (111_320 * Math.cos((ref.latDeg * Math.PI) / 180));
  return { osmType: c.osmType, osmId: c.osmId, tags: c.tags, nodeIds: c.ring, origin: { latDeg, lonDeg, altM: 0 } };
}

export function findCampusBoundary(data: OsmData, sourceName: string, override?: BoundaryRef): CampusBoundary {
  if (override) {
    const c =
      (override.type !== "way" ? relationCandidate(override.id, data) : null) ??
      (override.type !== "relation" ? wayCandidate(override.id, data) : null);
    if (!c) {
      throw new OsmBoundaryError(sourceName, `${override.type === "any" ? "element" : override.type} ${override.id} is not in the file or does not form a closed ring`);
    }
    return toBoundary(c, data);
  }
  const candidates: Candidate[] = [];
  for (const w of data.ways.values()) {
    if (!CAMPUS_AMENITIES.has(w.tags.amenity ?? "")) continue;
    const c = wayCandidate(w.id, data);
    if (c) candidates.push(c);
  }
  for (const r of data.relations.values()) {
    if (!CAMPUS_AMENITIES.has(r.tags.amenity ?? "")) continue;
    const c = relationCandidate(r.id, data);
    if (c) candidates.push(c);
  }
  if (candidates.length === 0) {
    throw new OsmBoundaryError(sourceName, "no closed way or multipolygon tagged amenity=university|college|school (use --boundary <relation/way id>)");
  }
  candidates.sort((a, b) => b.areaM2 - a.areaM2);
  return toBoundary(candidates[0]!, data);
}
