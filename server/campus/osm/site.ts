import { ZCampusSite, type Building, type CampusSite } from "../../contracts/campus";
import type { PointM } from "../../contracts/geometry";
import { findCampusBoundary, type BoundaryRef } from "./boundary";
import { extractBuildings, type ImportedBuilding } from "./buildings";
import { createSiteContext } from "./context";
import { extractBarriers, extractGrounds, perimeterWalls } from "./features";
import { ensureMainGate, extractGates, type ImportedGate } from "./gates";
import { parseOsmXml } from "./parse";
import { extractRoads } from "./roads";

// OSM XML text → CampusSite. Pure (no I/O, no database): the importer (import.ts) reads the
// file, calls this, equips the site with the shared rules and saves it.

export const OSM_ATTRIBUTION = "© OpenStreetMap contributors";

export interface OsmSiteOptions {
  campusId: string;
  /** Display name; defaults to the boundary's name tag. */
  name?: string;
  boundary?: BoundaryRef;
  timeZone?: string;
  /** Names the input in error messages (the file path). */
  sourceName?: string;
}

export interface OsmSiteReport {
  boundary: { osmType: "way" | "relation"; osmId: string };
  clippedBuildings: number;
  heightSources: Record<ImportedBuilding["heightSource"], number>;
  perimeterWallsAdded: number;
  /** What the importer decided that the data did not say (printed by the CLI). */
  notes: string[];
}

export interface OsmSiteResult { site: CampusSite; report: OsmSiteReport }

const dist = (a: PointM, b: PointM) => Math.hypot(a[0] - b[0], a[1] - b[1]);

function nearest(buildings: readonly ImportedBuilding[], to: PointM, prefer: (b: ImportedBuilding) => boolean): ImportedBuilding | undefined {
  const pool = buildings.filter(prefer);
  return (pool.length > 0 ? pool : [...buildings]).sort((a, b) => dist(a.centroid, to) - dist(b.centroid, to))[0];
}

/**
 * The rules need a guard room (R-2.3 panic button) and a control room. When the data names
 * none, the building nearest the main gate becomes the guard room, and the nearest "other"/admin
 * building after it the control room; each designation is written to report.notes.
 */
function designateSecurityRooms(buildings: ImportedBuilding[], mainGate: ImportedGate | undefined, notes: string[]): void {
  if (buildings.length === 0) return;
  const anchor = mainGate?.position ?? [0, 0];
  const anchorName = mainGate ? `main gate ${mainGate.name}` : "campus centre";
  const designate = (kind: Building["kind"], candidate: ImportedBuilding | undefined) => {
    if (!candidate) return;
    notes.push(`No ${kind} tagged: designated ${candidate.name} (${candidate.osmRef}, was ${candidate.kind}), nearest the ${anchorName}`);
    candidate.kind = kind;
  };
  if (!buildings.some((b) => b.kind === "guard_room")) designate("guard_room", nearest(buildings, anchor, () => true));
  if (!buildings.some((b) => b.kind === "control_room")) {
    designate("control_room", nearest(buildings, anchor, (b) => b.kind !== "guard_room" && (b.kind === "other" || b.kind === "admin")));
  }
}

const strip = (b: ImportedBuilding): Building =>
  ({ id: b.id, name: b.name, kind: b.kind, footprint: b.footprint, heightM: b.heightM, floors: b.floors });
const stripGate = (g: ImportedGate) =>
  ({ id: g.id, name: g.name, kind: g.kind, position: g.position, outwardDeg: g.outwardDeg, widthM: g.widthM });

export function buildOsmCampusSite(xml: string, opts: OsmSiteOptions): OsmSiteResult {
  const sourceName = opts.sourceName ?? "input";
  const data = parseOsmXml(xml, sourceName);
  const boundary = findCampusBoundary(data, sourceName, opts.boundary);
  const ctx = createSiteContext(data, boundary, opts.campusId);
  const notes: string[] = [];

  const buildings = extractBuildings(ctx);
  const gates = extractGates(ctx);
  const promoted = ensureMainGate(gates);
  if (promoted) notes.push(`No entrance=main: promoted ${promoted.name} (node ${promoted.osmNodeId}) to main gate`);
  designateSecurityRooms(buildings, gates.find((g) => g.kind === "main"), notes);

  const roads = extractRoads(ctx);
  const barriers = extractBarriers(ctx);
  const grounds = extractGrounds(ctx);
  const perimeter = perimeterWalls(ctx, barriers, gates.map((g) => ({ position: g.perimeterPoint, widthM: g.widthM })));
  if (perimeter.length > 0) notes.push(`Added ${perimeter.length} perimeter wall run(s) along the outline where no wall/fence is mapped`);

  const heightSources = { height: 0, levels: 0, default: 0 };
  for (const b of buildings) heightSources[b.heightSource]++;
  const site = ZCampusSite.parse({
    id: opts.campusId,
    name: opts.name ?? boundary.tags.name ?? boundary.tags["name:en"] ?? opts.campusId,
    origin: boundary.origin,
    timeZone: opts.timeZone ?? "Asia/Shanghai",
    source: "osm",
    attribution: OSM_ATTRIBUTION,
    boundary: ctx.boundary,
    buildings: buildings.map(strip),
    zones: grounds.zones,
    paths: [...roads, ...barriers, ...grounds.paths, ...perimeter],
    gates: gates.map(stripGate),
  });
  return {
    site,
    report: {
      boundary: { osmType: boundary.osmType, osmId: boundary.osmId },
      clippedBuildings: buildings.filter((b) => b.clipped).length,
      heightSources,
      perimeterWallsAdded: perimeter.length,
      notes,
    },
  };
}
