import type { CampusModel, CampusSite, Gate, PathSegment, Zone } from "../../contracts/campus";
import type { GeoOrigin, LineM, PointM } from "../../contracts/geometry";
import { createPrng, type Prng } from "../prng";
import { ensureCcw, normalizeDeg, round3, subRing } from "../plane";
import { deriveZones } from "../rules/zones";
import { placeDevices } from "../rules/devices";
import { fenceRuns } from "../rules/place-perimeter";
import { layoutBlocks, type Playground } from "./blocks";
import { planCampus } from "./layout";
import { buildNetwork } from "./roads";
import { CAMPUS_PREFIXES, CAMPUS_TYPES, type GeneratedSize } from "./sizes";

// generateCampus: a plausible Chinese university campus from a seed (same seed → same campus):
// walled boundary with gates, blocks of teaching buildings, dormitories, canteens, labs, a
// library, admin, gym, guard house and security control centre, a 400 m track, and a
// connected road/footway graph; then the R-2 rules derive zones and place devices.

export interface GenerateCampusOptions {
  seed: number;
  size: GeneratedSize;
  origin?: GeoOrigin;
  name?: string;
  id?: string;
  /** 1..99, keeps external ids distinct between campuses of one deployment (see rules/ids.ts). */
  campusNo?: number;
  civilCode?: string;
}

/** Yangpu, Shanghai: the default origin (R-8 deployments start from Shanghai documents). */
export const DEFAULT_ORIGIN: GeoOrigin = { latDeg: 31.28, lonDeg: 121.5, altM: 4 };

export class GeneratorError extends Error {
  override name = "GeneratorError";
}

export function campusName(prng: Prng): string {
  return `${prng.pick(CAMPUS_PREFIXES)}${prng.pick(CAMPUS_TYPES)}`;
}

/** Working frame → campus frame: centred on the campus middle and turned by `angleDeg` (CCW). */
function makeTransform(w: number, h: number, angleDeg: number) {
  const r = (angleDeg * Math.PI) / 180, c = Math.cos(r), s = Math.sin(r);
  const point = (p: PointM): PointM => {
    const x = p[0] - w / 2, y = p[1] - h / 2;
    return [round3(x * c - y * s), round3(x * s + y * c)];
  };
  return { point, line: (l: LineM) => l.map(point), bearing: (deg: number) => round3(normalizeDeg(deg - angleDeg)) };
}

function playgroundParts(campusId: string, pg: Playground[], t: ReturnType<typeof makeTransform>) {
  const paths: PathSegment[] = [];
  const zones: Zone[] = [];
  pg.forEach((p, i) => {
    const tag = pg.length > 1 ? String(i + 1) : "";
    paths.push({ id: `${campusId}:track-${i + 1}`, kind: "track", name: `田径跑道${tag}`, line: t.line(p.track), widthM: 9.76, fromNode: null, toNode: null });
    paths.push({ id: `${campusId}:field-${i + 1}`, kind: "field", name: `足球场${tag}`, line: t.line([...p.field, p.field[0]!]), widthM: 0.1, fromNode: null, toNode: null });
    zones.push({
      id: `${campusId}:z-playground-${i + 1}`, name: `田径运动场${tag}`, kind: "playground", polygon: ensureCcw(t.line(p.outline)), floor: 0,
      ownerDept: null, gridId: null, buildingId: null, densityLimitPerM2: 2,
    });
  });
  return { paths, zones };
}

function wallPaths(site: CampusSite): PathSegment[] {
  const { ring, runs } = fenceRuns(site);
  return runs.map((r, i) => ({
    id: `${site.id}:wall-${i + 1}`, kind: "wall" as const, name: "围墙", line: subRing(ring, r.s0, r.s1).map(([x, y]) => [round3(x), round3(y)] as PointM),
    widthM: 0.4, fromNode: null, toNode: null,
  }));
}

/** The site (layout without devices), as the OSM importer would also produce it. */
export function generateSite(opts: GenerateCampusOptions): CampusSite {
  if (!Number.isFinite(opts.seed)) throw new GeneratorError(`seed must be a finite number, got ${opts.seed}`);
  const prng = createPrng(opts.seed);
  const id = opts.id ?? `campus-${opts.size}-${opts.seed}`;
  const plan = planCampus(opts.size, prng.fork("plan"));
  const blocks = layoutBlocks(id, plan, prng.fork("blocks"));
  const network = buildNetwork(id, plan, blocks.footways, prng.fork("roads"));
  const t = makeTransform(plan.widthM, plan.heightM, Math.round(prng.fork("turn").range(-18, 18)));
  const gates: Gate[] = plan.gates.map((g, i) => ({ ...g, id: `${id}:g-${i + 1}`, position: t.point(g.position), outwardDeg: t.bearing(g.outwardDeg) }));
  const pg = playgroundParts(id, blocks.playgrounds, t);
  const site: CampusSite = {
    id, name: opts.name ?? campusName(prng.fork("name")), origin: opts.origin ?? DEFAULT_ORIGIN, timeZone: "Asia/Shanghai",
    source: "generated", attribution: null, boundary: ensureCcw(t.line(plan.boundary)),
    buildings: blocks.buildings.map((b) => ({ ...b, footprint: ensureCcw(t.line(b.footprint)) })),
    zones: pg.zones,
    paths: [...network.map((p) => ({ ...p, line: t.line(p.line) })), ...pg.paths],
    gates,
  };
  site.paths.push(...wallPaths(site));
  return site;
}

export function generateCampus(opts: GenerateCampusOptions): CampusModel {
  const site = generateSite(opts);
  const zones = deriveZones(site);
  const devices = placeDevices({ ...site, zones }, { seed: opts.seed, campusNo: opts.campusNo, civilCode: opts.civilCode });
  const { gates: _gates, ...rest } = site;
  return { ...rest, zones, devices };
}

