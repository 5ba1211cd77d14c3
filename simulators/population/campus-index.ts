import type { Building, CampusModel, Device, Zone } from "../../server/contracts/campus";
import { buildPathGraph, type PathGraph } from "../../server/campus/path-graph";

// What the population model needs to know about a campus, derived from any CampusModel
// (generated or imported): places on the path network (gates, building entrances), and which
// devices observe what. Devices are matched by kind, `buildingId` and proximity, so the model
// does not depend on how a generator names things.

type P = readonly [number, number];

export interface Place {
  id: string;
  node: string;
  kind: "gate" | Building["kind"];
  /** Doors (access_door devices) people swipe when entering or leaving. */
  doors: Device[];
  building: Building | null;
}

export interface DensityWatch {
  device: Device;
  zone: Zone;
  areaM2: number;
  /** What the camera's zone counts, by zone kind. */
  watches: { kind: "stairs" | "building" | "passage"; buildingId: string | null; node: string | null };
}

export interface CampusIndex {
  campus: CampusModel;
  graph: PathGraph;
  gates: Place[];
  /** Pedestrian entry (main/pedestrian/side) and vehicle entry gates. */
  walkGates: Place[];
  vehicleGates: Place[];
  buildings: Map<string, Place>;
  byKind(kind: Building["kind"]): Place[];
  faceCamerasAt(gateId: string): Device[];
  lprAt(gateId: string): { in: Device | null; out: Device | null };
  density: DensityWatch[];
  checkpoints: Device[];
  smoke: Device[];
  electric: Device[];
  fenceSegments: Device[];
  cameras: Device[];
  deviceById: Map<string, Device>;
}

const centroid = (ring: readonly P[]): P => {
  let x = 0, y = 0;
  for (const p of ring) { x += p[0]; y += p[1]; }
  return [x / ring.length, y / ring.length];
};
const dist = (a: P, b: P) => Math.hypot(a[0] - b[0], a[1] - b[1]);
const xy = (d: Device): P => [d.position[0], d.position[1]];

function polygonArea(ring: readonly P[]): number {
  let a = 0;
  for (let i = 0; i < ring.length; i++) {
    const p = ring[i]!, q = ring[(i + 1) % ring.length]!;
    a += p[0] * q[1] - q[0] * p[1];
  }
  return Math.abs(a) / 2;
}

const GATE_NEAR_M = 60;

export function indexCampus(campus: CampusModel): CampusIndex {
  const graph = buildPathGraph(campus.paths);
  const devices = [...campus.devices].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ofKind = (k: Device["kind"]) => devices.filter((d) => d.kind === k);
  const doors = ofKind("access_door");

  const buildings = new Map<string, Place>();
  for (const b of campus.buildings) {
    const own = doors.filter((d) => d.buildingId === b.id);
    const anchor = own[0] ? xy(own[0]) : centroid(b.footprint);
    buildings.set(b.id, { id: b.id, node: graph.nearestNode(anchor), kind: b.kind, doors: own.slice(0, 2), building: b });
  }
  const gates: Place[] = ofKind("gate").map((g) => ({ id: g.id, node: graph.nearestNode(xy(g)), kind: "gate", doors: [], building: null }));
  const gateKind = (id: string) => String(campus.devices.find((d) => d.id === id)?.attrs.gateKind ?? "main");
  const walkGates = gates.filter((g) => gateKind(g.id) !== "vehicle" && gateKind(g.id) !== "service");
  const vehicleGates = gates.filter((g) => ["vehicle", "main", "service"].includes(gateKind(g.id)));
  const near = (kind: Device["kind"], gateId: string) => {
    const g = ofKind("gate").find((d) => d.id === gateId)!;
    return ofKind(kind).filter((d) => dist(xy(d), xy(g)) <= GATE_NEAR_M);
  };

  return {
    campus, graph, gates, buildings,
    walkGates: walkGates.length ? walkGates : gates,
    vehicleGates: vehicleGates.filter((g) => near("lpr_camera", g.id).length > 0),
    byKind: (kind) => [...buildings.values()].filter((p) => p.kind === kind),
    faceCamerasAt: (gateId) => near("face_camera", gateId),
    lprAt(gateId) {
      const lpr = near("lpr_camera", gateId);
      // Generated campuses mark lanes `attrs.lane` entry/exit; others may say `attrs.direction` in/out.
      const dir = (d: Device) => (d.attrs.lane === "entry" ? "in" : d.attrs.lane === "exit" ? "out" : d.attrs.direction);
      return { in: lpr.find((d) => dir(d) === "in") ?? lpr[0] ?? null, out: lpr.find((d) => dir(d) === "out") ?? lpr[1] ?? lpr[0] ?? null };
    },
    density: ofKind("density_camera").map((d) => densityWatch(campus, graph, d)).filter((w): w is DensityWatch => w !== null),
    checkpoints: ofKind("patrol_checkpoint"),
    smoke: ofKind("smoke_sensor"),
    electric: ofKind("electric_fire_sensor"),
    fenceSegments: ofKind("fence_segment"),
    cameras: ofKind("camera"),
    deviceById: new Map(devices.map((d) => [d.id, d])),
  };
}

function densityWatch(campus: CampusModel, graph: PathGraph, d: Device): DensityWatch | null {
  const byId = typeof d.attrs.zoneId === "string" ? campus.zones.find((z) => z.id === d.attrs.zoneId) : undefined;
  const zone = byId ?? nearestZone(campus.zones, xy(d));
  if (!zone) return null;
  const areaM2 = typeof d.attrs.areaM2 === "number" ? d.attrs.areaM2 : Math.max(1, Math.round(polygonArea(zone.polygon)));
  const buildingId = zone.buildingId ?? d.buildingId;
  const kind = zone.kind === "stairs" ? "stairs" : zone.kind === "canteen" && buildingId ? "building" : "passage";
  return { device: d, zone, areaM2, watches: { kind, buildingId, node: kind === "passage" ? graph.nearestNode(centroid(zone.polygon)) : null } };
}

function nearestZone(zones: readonly Zone[], p: P): Zone | null {
  let best: Zone | null = null;
  let bestM = Infinity;
  for (const z of zones) {
    if (!["stairs", "canteen", "gate", "dorm_entrance", "playground"].includes(z.kind)) continue;
    const m = dist(centroid(z.polygon), p);
    if (m < bestM) [best, bestM] = [z, m];
  }
  return best;
}
