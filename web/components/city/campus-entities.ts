import type { CustomDataSource, Entity } from "cesium";
import type { CampusModel, CampusSummary } from "../../../server/contracts/campus";
import { deviceLonLat, frameOf, lineToLonLat, ringToLonLat } from "../../lib/geo";
import { buildingWallColour, DEVICE_COLOURS } from "../scene/palette";
import { FENCE_COLOURS } from "../map/map-style";
import type { Cesium } from "./load-cesium";

// What the globe draws for campuses: every campus's boundary at city scale, and for the selected
// one its buildings as extruded polygons, the tension fence coloured by state and an alarm beacon
// over each fence zone in alarm. Positions go through lib/geo.ts (the exact local frame).

export type FenceStates = Readonly<Record<string, "normal" | "alarm" | "fault">>;

/** Beacon column over an alarmed fence zone: tall enough to see from the fly-to height. */
const BEACON_HEIGHT_M = 60;
const BEACON_RADIUS_M = 6;
const FENCE_HEIGHT_M = 3;

const flat = (coords: number[][]) => coords.flatMap(([lon, lat]) => [lon!, lat!]);

export function addBoundaries(C: Cesium, source: CustomDataSource, campuses: readonly CampusSummary[]): void {
  source.entities.removeAll();
  for (const c of campuses) {
    const ring = ringToLonLat(frameOf(c), c.boundary);
    source.entities.add({
      id: `boundary:${c.id}`,
      polyline: { positions: C.Cartesian3.fromDegreesArray(flat(ring)), width: 2, material: C.Color.fromCssColorString("#4fb3ff").withAlpha(0.85) },
      properties: { campusId: c.id },
    });
  }
}

export function addCampusDetail(C: Cesium, source: CustomDataSource, campus: CampusModel, fence: FenceStates): { buildings: number; beacons: number } {
  source.entities.removeAll();
  const frame = frameOf(campus);
  const props = { campusId: campus.id };
  source.entities.add({
    id: `ground:${campus.id}`,
    polygon: { hierarchy: C.Cartesian3.fromDegreesArray(flat(ringToLonLat(frame, campus.boundary))), material: C.Color.fromCssColorString("#132133").withAlpha(0.85), height: 0 },
    properties: props,
  });
  for (const b of campus.buildings) {
    source.entities.add({
      id: `building:${b.id}`,
      name: b.name,
      polygon: {
        hierarchy: C.Cartesian3.fromDegreesArray(flat(ringToLonLat(frame, b.footprint))),
        height: 0,
        extrudedHeight: b.heightM,
        material: C.Color.fromCssColorString(buildingWallColour(b.kind)),
        outline: true,
        outlineColor: C.Color.fromCssColorString("#cfe0f5").withAlpha(0.4),
      },
      properties: props,
    });
  }
  let beacons = 0;
  for (const d of campus.devices) {
    if (d.kind !== "fence_segment" || !d.polyline || d.polyline.length < 2) continue;
    const state = fence[d.id] ?? "normal";
    const line = lineToLonLat(frame, d.polyline).flatMap(([lon, lat]) => [lon!, lat!, FENCE_HEIGHT_M]);
    source.entities.add({
      id: `fence:${d.id}`,
      name: d.name,
      polyline: { positions: C.Cartesian3.fromDegreesArrayHeights(line), width: state === "alarm" ? 5 : 2.5, material: C.Color.fromCssColorString(FENCE_COLOURS[state] ?? DEVICE_COLOURS.fence_segment) },
      properties: props,
    });
    if (state !== "alarm") continue;
    const [lon, lat] = deviceLonLat(campus, d);
    beacons++;
    source.entities.add({
      id: `beacon:${d.id}`,
      name: d.name,
      position: C.Cartesian3.fromDegrees(lon, lat, BEACON_HEIGHT_M / 2),
      cylinder: { length: BEACON_HEIGHT_M, topRadius: BEACON_RADIUS_M, bottomRadius: BEACON_RADIUS_M, material: C.Color.fromCssColorString(FENCE_COLOURS.alarm).withAlpha(0.55) },
      properties: props,
    });
  }
  return { buildings: campus.buildings.length, beacons };
}

/** The campus an entity picked on the globe belongs to, if any. */
export function campusIdOf(C: Cesium, picked: unknown): string | null {
  if (!picked || typeof picked !== "object" || !("id" in picked)) return null;
  const entity = (picked as { id: unknown }).id;
  if (!(entity instanceof C.Entity)) return null;
  const value = (entity as Entity).properties?.campusId?.getValue(C.JulianDate.now()) as unknown;
  return typeof value === "string" ? value : null;
}
