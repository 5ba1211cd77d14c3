import type { CampusModel, Device, Zone } from "../contracts/campus";
import type { PointM } from "../contracts/geometry";
import type { LinkedCamera } from "../contracts/linkage";
import { distPointSegment, pointInPolygon } from "../campus/plane";
import { createPointQuery, type LinkageCamera, type PointQuery } from "../coverage/point-query";
import { CAMERA_KINDS, gridForCampus } from "../coverage/scene";

// What fusion needs to know about one campus, indexed for per-event lookups: devices by id,
// zones by point, which fence segments touch, and the video-linkage point query (built lazily
// on the coverage planner's raster: server/coverage/point-query.ts).

/** Fence segments whose polylines come this close are neighbours (they share an end post). */
const FENCE_ADJACENCY_M = 2;
/** Faces are what a linked camera must show: the planner's default target height. */
const LINKAGE_TARGET_HEIGHT_M = 1.6;
const WALL_HEIGHT_M = 2.5;

export interface CampusIndex {
  readonly campusId: string;
  readonly timeZone: string;
  device(deviceId: string): Device | undefined;
  devices(): readonly Device[];
  zone(zoneId: string): Zone | undefined;
  /** Zone holding the point on that floor (smallest area first), or null. */
  zoneAt(xM: number, yM: number, floor: number): Zone | null;
  /** The zone a device belongs to: attrs.zoneId / attrs.roomZoneId, else by position. */
  zoneOfDevice(deviceId: string): Zone | null;
  /** True when two fence segments share an end (or are the same segment). */
  fenceAdjacent(a: string, b: string): boolean;
  camerasSeeing(point: { xM: number; yM: number; floor: number; buildingId?: string | null }, limit: number): LinkedCamera[];
}

export function createCampusIndex(model: CampusModel, opts: { linkageCellSizeM: number }): CampusIndex {
  const devices = new Map(model.devices.map((d) => [d.id, d]));
  const zones = new Map(model.zones.map((z) => [z.id, z]));
  const zonesBySize = [...model.zones].sort((a, b) => polygonArea(a.polygon) - polygonArea(b.polygon));
  const adjacency = fenceAdjacency(model.devices.filter((d) => d.kind === "fence_segment" && d.polyline));
  const deviceZone = new Map<string, Zone | null>();
  let query: PointQuery | null = null;

  const zoneAt = (xM: number, yM: number, floor: number): Zone | null =>
    zonesBySize.find((z) => z.floor === floor && pointInPolygon([xM, yM], z.polygon)) ?? null;

  return {
    campusId: model.id,
    timeZone: model.timeZone,
    device: (id) => devices.get(id),
    devices: () => model.devices,
    zone: (id) => zones.get(id),
    zoneAt,
    zoneOfDevice(id) {
      if (deviceZone.has(id)) return deviceZone.get(id) ?? null;
      const d = devices.get(id);
      let z: Zone | null = null;
      if (d) {
        const ref = d.attrs.zoneId ?? d.attrs.roomZoneId;
        z = (typeof ref === "string" ? zones.get(ref) : undefined) ?? zoneAt(d.position[0], d.position[1], d.floor);
      }
      deviceZone.set(id, z);
      return z;
    },
    fenceAdjacent: (a, b) => a === b || (adjacency.get(a)?.has(b) ?? false),
    camerasSeeing(point, limit) {
      query ??= buildQuery(model, opts.linkageCellSizeM);
      return query.camerasSeeing(point, limit);
    },
  };
}

function buildQuery(model: CampusModel, cellSizeM: number): PointQuery {
  const grid = gridForCampus(model, { cellSizeM, targetHeightM: LINKAGE_TARGET_HEIGHT_M, wallHeightM: WALL_HEIGHT_M });
  const cameras: LinkageCamera[] = model.devices
    .filter((d) => CAMERA_KINDS.has(d.kind) && d.optics !== null)
    .map((d) => ({ id: d.id, name: d.name, model: d.model, position: d.position, optics: d.optics!, buildingId: d.buildingId, floor: d.floor }));
  return createPointQuery(grid, cameras, { targetHeightM: LINKAGE_TARGET_HEIGHT_M });
}

function fenceAdjacency(segments: readonly Device[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const s of segments) out.set(s.id, new Set());
  for (let i = 0; i < segments.length; i++) {
    for (let j = i + 1; j < segments.length; j++) {
      const a = segments[i]!, b = segments[j]!;
      if (polylineGapM(a.polyline!, b.polyline!) <= FENCE_ADJACENCY_M) {
        out.get(a.id)!.add(b.id);
        out.get(b.id)!.add(a.id);
      }
    }
  }
  return out;
}

/** Smallest distance between the end points of one polyline and the other polyline. */
function polylineGapM(a: readonly PointM[], b: readonly PointM[]): number {
  const ends = (l: readonly PointM[]): PointM[] => [l[0]!, l[l.length - 1]!];
  let best = Infinity;
  for (const [p, line] of [[ends(a), b], [ends(b), a]] as const) {
    for (const q of p) {
      for (let k = 0; k + 1 < line.length; k++) best = Math.min(best, distPointSegment(q, line[k]!, line[k + 1]!));
      if (line.length === 1) best = Math.min(best, Math.hypot(q[0] - line[0]![0], q[1] - line[0]![1]));
    }
  }
  return best;
}

function polygonArea(ring: readonly PointM[]): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) s += ring[j]![0] * ring[i]![1] - ring[i]![0] * ring[j]![1];
  return Math.abs(s) / 2;
}
