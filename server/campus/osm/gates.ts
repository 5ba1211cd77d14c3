import type { Gate } from "../../contracts/campus";
import type { PointM } from "../../contracts/geometry";
import { parseLengthM } from "./building-tags";
import type { OsmSiteContext } from "./context";
import type { OsmNode, OsmTags, OsmWay } from "./parse";
import { bearingDeg, nearestRingEdge, pointInRing } from "./planar";

// Gates: barrier=gate-like nodes and entrance=* nodes (https://wiki.openstreetmap.org/wiki/Key:entrance)
// near the campus outline. A Gate is an opening in the perimeter (contracts/campus.ts), but OSM
// campus outlines are drawn loosely — Tongji's 南门 lies 77 m inside its outline, at the end of
// the access road — so "near" is asymmetric: up to GATE_INSIDE_MAX_M inside the outline, up to
// GATE_OUTSIDE_MAX_M outside it (those are snapped onto it, so every gate is on campus). Gates
// deeper inside belong to inner compounds (dorm yards) and are not campus gates. Excluded too:
// nodes on a building outline — building doors, which the rules equip as access doors.

export const GATE_INSIDE_MAX_M = 100;
export const GATE_OUTSIDE_MAX_M = 20;
const MERGE_WITHIN_M = 3;
const GATE_BARRIERS = new Set(["gate", "lift_gate", "swing_gate", "sliding_gate", "turnstile", "full-height_turnstile", "entrance"]);
const ROAD_HIGHWAYS = new Set([
  "motorway", "trunk", "primary", "secondary", "tertiary", "unclassified", "residential", "service",
  "living_street", "road", "track", "motorway_link", "trunk_link", "primary_link", "secondary_link", "tertiary_link",
]);
const RESTRICTED_ACCESS = new Set(["private", "delivery", "permit", "no", "customers", "destination"]);
const DEFAULT_WIDTH_M: Record<Gate["kind"], number> = { main: 12, vehicle: 6, service: 4, side: 4, pedestrian: 2 };

export interface ImportedGate extends Gate {
  osmNodeId: string;
  /** Distance from the OSM node to the boundary outline (m). */
  boundaryDistM: number;
  /** The nearest point of the outline: where the gate opens the perimeter wall. */
  perimeterPoint: PointM;
  /** Whether OSM names the gate (unnamed ones are called after their side: 北门 n123). */
  named: boolean;
  /** Rank for promoting a gate to main when none is tagged: higher is more main-like. */
  roadRank: number;
}

const SIDES = ["北", "东北", "东", "东南", "南", "西南", "西", "西北"] as const;
/** "东门 n123" for an unnamed gate facing east: how a campus names its gates. */
const sideName = (outwardDeg: number, nodeId: string) => `${SIDES[Math.round(outwardDeg / 45) % 8]}门 n${nodeId}`;

const isGateNode = (t: OsmTags) => GATE_BARRIERS.has(t.barrier ?? "") || (t.entrance !== undefined && t.entrance !== "no");

function waysByNode(ctx: OsmSiteContext): Map<string, OsmWay[]> {
  const map = new Map<string, OsmWay[]>();
  for (const w of ctx.data.ways.values()) {
    if (w.tags.highway === undefined && w.tags.building === undefined) continue;
    for (const id of w.nodeIds) {
      const list = map.get(id);
      if (list) list.push(w);
      else map.set(id, [w]);
    }
  }
  return map;
}

function roadRank(highway: string | undefined): number {
  const order = ["trunk", "primary", "secondary", "tertiary", "unclassified", "residential", "living_street", "service", "road", "track"];
  const i = order.findIndex((h) => highway?.startsWith(h));
  return i < 0 ? 0 : order.length - i;
}

function classify(node: OsmNode, ways: readonly OsmWay[]): { kind: Gate["kind"]; rank: number } {
  const t = node.tags;
  if (t.entrance === "main") return { kind: "main", rank: 100 };
  if (t.entrance === "service") return { kind: "service", rank: 0 };
  const name = `${t.name ?? ""} ${t["name:en"] ?? ""}`;
  if (t.entrance === "secondary" || t.entrance === "emergency" || /侧门|边门|\bside\b/i.test(name)) return { kind: "side", rank: 0 };
  const road = ways.map((w) => w.tags).find((wt) => ROAD_HIGHWAYS.has(wt.highway ?? ""));
  if (!road) return { kind: "pedestrian", rank: 0 };
  const noMotor = [t.motor_vehicle, t.vehicle, t.motorcar].includes("no");
  if (noMotor) return { kind: "pedestrian", rank: 0 };
  const restricted = RESTRICTED_ACCESS.has(t.access ?? "") || RESTRICTED_ACCESS.has(road.access ?? "") || road.service === "driveway";
  return { kind: restricted ? "service" : "vehicle", rank: roadRank(road.highway) };
}

export function extractGates(ctx: OsmSiteContext): ImportedGate[] {
  const byNode = waysByNode(ctx);
  const gates: ImportedGate[] = [];
  for (const node of ctx.data.nodes.values()) {
    if (!isGateNode(node.tags)) continue;
    const ways = byNode.get(node.id) ?? [];
    if (ways.some((w) => w.tags.building !== undefined && w.tags.building !== "no")) continue; // building door
    const raw = ctx.point(node.id)!;
    const edge = nearestRingEdge(raw, ctx.boundary);
    const inside = pointInRing(raw, ctx.boundary);
    if (edge.distM > (inside ? GATE_INSIDE_MAX_M : GATE_OUTSIDE_MAX_M)) continue;
    const position: PointM = inside ? raw : edge.point;
    if (gates.some((g) => Math.hypot(g.position[0] - position[0], g.position[1] - position[1]) < MERGE_WITHIN_M)) continue;
    const a = ctx.boundary[edge.edgeIndex]!;
    const b = ctx.boundary[(edge.edgeIndex + 1) % ctx.boundary.length]!;
    // Counter-clockwise ring: the outward normal of edge (dx, dy) is (dy, −dx).
    const outwardDeg = Math.round(bearingDeg(b[1] - a[1], -(b[0] - a[0])) * 10) / 10;
    const { kind, rank } = classify(node, ways);
    const widthM = parseLengthM(node.tags.width) ?? parseLengthM(node.tags.maxwidth) ?? DEFAULT_WIDTH_M[kind];
    const tagged = node.tags.name ?? node.tags["name:zh"] ?? node.tags["name:en"];
    gates.push({
      id: `${ctx.campusId}-g-n${node.id}`,
      name: tagged ?? sideName(outwardDeg, node.id),
      named: tagged !== undefined,
      kind, position, outwardDeg, widthM,
      osmNodeId: node.id, boundaryDistM: edge.distM, perimeterPoint: edge.point, roadRank: rank,
    });
  }
  return gates.sort((x, y) => x.id.localeCompare(y.id));
}

/**
 * A campus needs a main gate (R-2.6 face capture and visitor checks sit there). When none is
 * tagged entrance=main, the vehicle gate on the highest-class road is promoted
 * (named gates — the ones people know — before road class, then nearest the outline). Returns the promoted gate, if any.
 */
export function ensureMainGate(gates: ImportedGate[]): ImportedGate | null {
  if (gates.length === 0 || gates.some((g) => g.kind === "main")) return null;
  const score = (g: ImportedGate) =>
    (g.kind === "vehicle" ? 500 : g.kind === "service" ? 100 : 0) +
    (g.named ? 200 : 0) + g.roadRank * 10 - g.boundaryDistM / 100;
  const best = [...gates].sort((a, b) => score(b) - score(a))[0]!;
  best.kind = "main";
  best.widthM = Math.max(best.widthM, DEFAULT_WIDTH_M.main);
  return best;
}
