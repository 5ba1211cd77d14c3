import type { Feature, FeatureCollection, LineString, Point, Polygon, Position } from "geojson";
import { createLocalFrame, type LocalFrame } from "../../server/campus/coordinates";
import type { CampusModel, CampusSummary, Device, DeviceKind } from "../../server/contracts/campus";
import type { LineM, PointM } from "../../server/contracts/geometry";

// Campus-local east-north-up metres → WGS84 GeoJSON for the 2D map (/map) and the globe (/city).
// Uses the exact frame of server/campus/coordinates.ts, so a fence segment drawn here lies on
// the same metre as in the 3D twin. GeoJSON positions are [lon, lat] (RFC 7946 §3.1.1) and
// polygon rings are closed (first = last, §3.1.6); the campus model stores rings open.

export type LonLat = [number, number];

/** [west, south, east, north] in degrees. */
export type LonLatBounds = [number, number, number, number];

export interface CampusGeoLayers {
  boundary: FeatureCollection<Polygon>;
  buildings: FeatureCollection<Polygon>;
  zones: FeatureCollection<Polygon>;
  fields: FeatureCollection<Polygon>;
  paths: FeatureCollection<LineString>;
  wall: FeatureCollection<LineString>;
  fence: FeatureCollection<LineString>;
  devices: FeatureCollection<Point>;
}

/** Device kinds drawn as points; fence segments are lines of their own layer. */
const POINT_DEVICE_KINDS: ReadonlySet<DeviceKind> = new Set<DeviceKind>([
  "camera", "lpr_camera", "face_camera", "density_camera", "fence_host", "alarm_panel", "intrusion_detector",
  "panic_button", "access_door", "gate", "patrol_checkpoint", "smoke_sensor", "electric_fire_sensor",
]);

/** Paths the map draws as lines (walls and fences have their own layers, fields are areas). */
const LINE_PATH_KINDS = new Set(["road", "footway", "cycleway", "track"]);

const round7 = (v: number) => Math.round(v * 1e7) / 1e7; // 1e-7° ≈ 1 cm

export function frameOf(campus: Pick<CampusSummary, "origin">): LocalFrame {
  return createLocalFrame(campus.origin);
}

export function toLonLat(frame: LocalFrame, [eastM, northM]: PointM): LonLat {
  const g = frame.toGeo(eastM, northM, 0);
  return [round7(g.lonDeg), round7(g.latDeg)];
}

export function lineToLonLat(frame: LocalFrame, line: LineM): Position[] {
  return line.map((p) => toLonLat(frame, p));
}

/** An open campus ring → a closed GeoJSON ring. */
export function ringToLonLat(frame: LocalFrame, ring: LineM): Position[] {
  const out = lineToLonLat(frame, ring);
  const first = out[0];
  const last = out.at(-1);
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) out.push([first[0]!, first[1]!]);
  return out;
}

function collection<G extends Polygon | LineString | Point>(features: Feature<G>[]): FeatureCollection<G> {
  return { type: "FeatureCollection", features };
}

function polygon(id: string, ring: Position[], properties: Record<string, unknown>): Feature<Polygon> {
  return { type: "Feature", id, properties: { id, ...properties }, geometry: { type: "Polygon", coordinates: [ring] } };
}

function line(id: string, coords: Position[], properties: Record<string, unknown>): Feature<LineString> {
  return { type: "Feature", id, properties: { id, ...properties }, geometry: { type: "LineString", coordinates: coords } };
}

function devicePoint(frame: LocalFrame, d: Device): Feature<Point> {
  return {
    type: "Feature",
    id: d.id,
    properties: { id: d.id, kind: d.kind, name: d.name, status: d.status, floor: d.floor },
    geometry: { type: "Point", coordinates: toLonLat(frame, [d.position[0], d.position[1]]) },
  };
}

/** Every layer of the 2D map, from one campus model. */
export function campusGeoLayers(campus: CampusModel): CampusGeoLayers {
  const frame = frameOf(campus);
  const paths = campus.paths;
  return {
    boundary: collection([polygon(campus.id, ringToLonLat(frame, campus.boundary), { name: campus.name })]),
    buildings: collection(campus.buildings.map((b) =>
      polygon(b.id, ringToLonLat(frame, b.footprint), { name: b.name, kind: b.kind, heightM: b.heightM, floors: b.floors }))),
    zones: collection(campus.zones.filter((z) => z.kind !== "grid" && z.floor === 0).map((z) =>
      polygon(z.id, ringToLonLat(frame, z.polygon), { name: z.name, kind: z.kind }))),
    fields: collection(paths.filter((p) => p.kind === "field" && p.line.length >= 3).map((p) =>
      polygon(p.id, ringToLonLat(frame, p.line), { name: p.name ?? "" }))),
    paths: collection(paths.filter((p) => LINE_PATH_KINDS.has(p.kind)).map((p) =>
      line(p.id, lineToLonLat(frame, p.line), { kind: p.kind, widthM: p.widthM }))),
    wall: collection(paths.filter((p) => p.kind === "wall").map((p) => line(p.id, lineToLonLat(frame, p.line), { kind: p.kind }))),
    fence: collection(campus.devices.filter((d) => d.kind === "fence_segment" && d.polyline && d.polyline.length >= 2).map((d) =>
      line(d.id, lineToLonLat(frame, d.polyline!), { name: d.name, zone: Number(d.attrs.zone ?? 0), parentId: d.parentId ?? "", status: d.status }))),
    devices: collection(campus.devices.filter((d) => POINT_DEVICE_KINDS.has(d.kind)).map((d) => devicePoint(frame, d))),
  };
}

/** The campus boundary's extent in degrees (the map fits to it). */
export function campusBounds(campus: Pick<CampusSummary, "origin" | "boundary">): LonLatBounds {
  const frame = frameOf(campus);
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of campus.boundary) {
    const [lon, lat] = toLonLat(frame, p);
    w = Math.min(w, lon); e = Math.max(e, lon); s = Math.min(s, lat); n = Math.max(n, lat);
  }
  if (!Number.isFinite(w)) {
    const { lonDeg, latDeg } = campus.origin;
    return [lonDeg - 0.005, latDeg - 0.005, lonDeg + 0.005, latDeg + 0.005];
  }
  return [w, s, e, n];
}

/** Where a device (or its fence segment's midpoint) lies, for markers and fly-to. */
export function deviceLonLat(campus: Pick<CampusSummary, "origin">, d: Device): LonLat {
  const frame = frameOf(campus);
  if (d.polyline && d.polyline.length >= 2) {
    const mid = d.polyline[Math.floor((d.polyline.length - 1) / 2)]!;
    const next = d.polyline[Math.floor((d.polyline.length - 1) / 2) + 1] ?? mid;
    return toLonLat(frame, [(mid[0] + next[0]) / 2, (mid[1] + next[1]) / 2]);
  }
  return toLonLat(frame, [d.position[0], d.position[1]]);
}
