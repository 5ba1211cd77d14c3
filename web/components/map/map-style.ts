import type { ExpressionSpecification, LayerSpecification, SourceSpecification, StyleSpecification } from "maplibre-gl";
import { BUILDING_KINDS, DEVICE_KINDS } from "../../../server/contracts/campus";
import type { CampusGeoLayers } from "../../lib/geo";
import { buildingWallColour, DEVICE_COLOURS, GROUND_COLOURS, SCENE_BACKGROUND } from "../scene/palette";

// The offline style of the 2D electronic map, generated from one campus: GeoJSON sources and
// fill / line / circle layers only. No tiles, no sprite, no glyphs, so nothing is fetched (a
// campus security network has no internet) and no text is drawn by the GL layer; labels are
// HTML. Everything here is the style spec that maplibre-gl and mapbox-gl share.

export const FENCE_SOURCE = "fence";
export const DEVICE_SOURCE = "devices";
/** Overlay sources, empty in the style and filled from the live store (map-overlays.ts). */
export const OVERLAY_SOURCES = { routes: "patrol-routes", checkpoints: "checkpoints", guards: "guards", incidents: "incidents", density: "density" } as const;

/** Checkpoint colours by how recently each was checked (map-overlays.ts checkpointStatus). */
export const CHECKPOINT_COLOURS = { ok: "#2ee07a", due: "#f0a030", unchecked: "#8a93a3" } as const;
/** Incident colours by severity 0..4 (info … critical). */
export const INCIDENT_COLOURS = ["#7f8ea3", "#4fa3ff", "#f0c040", "#ff8a30", "#ff2d3d"] as const;
export const GUARD_COLOUR = "#3fa8ff";
export const ROUTE_COLOUR = "#7ad7ff";
/** People per m² at which the heatmap is at full weight (around 4/m² a crowd is dangerously dense). */
const HEAT_FULL_PER_M2 = 4;

/** Live fence state drawn through feature-state (keyed by the device id, `promoteId`). */
export const FENCE_COLOURS = { normal: DEVICE_COLOURS.fence_segment, alarm: "#ff2d3d", fault: "#f0a030", disarmed: "#5b6676" } as const;

const ZONE_FILL: Record<string, string> = {
  gate_approach: "#d9a400", hazmat_store: "#ff5a36", finance: "#ffb347", server_room: "#3fd0ff", archive: "#b47cff",
  control_room: "#ff4d5e", principal_office: "#ff7ab8", playground: "#27e0b0", canteen: "#a07a45", parking: "#5c8cff",
};

/** Web-Mercator metres per pixel at zoom 0 (512 px tiles) and the equator. */
const EQUATOR_M_PER_PX_Z0 = 40_075_016.686 / 512;

/** A line as wide on the map as it is on the ground (`widthM` property), at any zoom. */
function groundWidth(latDeg: number, minPx = 0.6): ExpressionSpecification {
  const pxPerM0 = 1 / (EQUATOR_M_PER_PX_Z0 * Math.cos((latDeg * Math.PI) / 180));
  return ["interpolate", ["exponential", 2], ["zoom"],
    10, ["max", minPx, ["*", ["get", "widthM"], pxPerM0 * 2 ** 10]],
    22, ["max", minPx, ["*", ["get", "widthM"], pxPerM0 * 2 ** 22]]];
}

function matchKind(colours: Record<string, string>, keys: readonly string[], fallback: string): ExpressionSpecification {
  const pairs = keys.flatMap((k) => [k, colours[k] ?? fallback]);
  // The spec's tuple type cannot express a variadic label/output list built at run time.
  const expression: unknown = ["match", ["get", "kind"], ...pairs, fallback];
  return expression as ExpressionSpecification;
}

function sources(layers: CampusGeoLayers, attribution: string | null): Record<string, SourceSpecification> {
  const geo = (data: CampusGeoLayers[keyof CampusGeoLayers], promote = false): SourceSpecification => ({
    type: "geojson", data, ...(promote ? { promoteId: "id" } : {}), ...(attribution ? { attribution } : {}),
  });
  return {
    boundary: geo(layers.boundary), zones: geo(layers.zones), fields: geo(layers.fields), paths: geo(layers.paths),
    buildings: geo(layers.buildings), wall: geo(layers.wall), [FENCE_SOURCE]: geo(layers.fence, true), [DEVICE_SOURCE]: geo(layers.devices, true),
    ...Object.fromEntries(Object.values(OVERLAY_SOURCES).map((id) => [id, { type: "geojson", data: { type: "FeatureCollection", features: [] } } satisfies SourceSpecification])),
  };
}

function styleLayers(latDeg: number): LayerSpecification[] {
  const fenceState: ExpressionSpecification = ["coalesce", ["feature-state", "state"], "normal"];
  const deviceDown: ExpressionSpecification = ["==", ["coalesce", ["feature-state", "down"], false], true];
  return [
    { id: "background", type: "background", paint: { "background-color": SCENE_BACKGROUND } },
    { id: "campus-ground", type: "fill", source: "boundary", paint: { "fill-color": GROUND_COLOURS.campus } },
    { id: "zones", type: "fill", source: "zones", paint: { "fill-color": matchKind(ZONE_FILL, Object.keys(ZONE_FILL), "#4a6a90"), "fill-opacity": 0.16 } },
    { id: "zones-outline", type: "line", source: "zones", paint: { "line-color": matchKind(ZONE_FILL, Object.keys(ZONE_FILL), "#4a6a90"), "line-opacity": 0.45, "line-width": 1, "line-dasharray": [3, 2] } },
    { id: "fields", type: "fill", source: "fields", paint: { "fill-color": GROUND_COLOURS.field } },
    { id: "paths", type: "line", source: "paths", layout: { "line-cap": "round", "line-join": "round" }, paint: {
      "line-color": ["match", ["get", "kind"], "road", GROUND_COLOURS.road, "track", GROUND_COLOURS.track, "cycleway", GROUND_COLOURS.cycleway, GROUND_COLOURS.footway],
      "line-width": groundWidth(latDeg),
    } },
    { id: "density-heat", type: "heatmap", source: OVERLAY_SOURCES.density, paint: {
      "heatmap-weight": ["interpolate", ["linear"], ["get", "perM2"], 0, 0, HEAT_FULL_PER_M2, 1],
      "heatmap-radius": ["interpolate", ["exponential", 2], ["zoom"], 14, 12, 18, 90],
      "heatmap-intensity": 1,
      "heatmap-opacity": 0.75,
      "heatmap-color": ["interpolate", ["linear"], ["heatmap-density"], 0, "rgba(0,0,0,0)", 0.2, "#2b83ba", 0.45, "#abdda4", 0.65, "#ffffbf", 0.85, "#fdae61", 1, "#d7191c"],
    } },
    { id: "buildings", type: "fill", source: "buildings", paint: {
      "fill-color": matchKind(Object.fromEntries(BUILDING_KINDS.map((k) => [k, buildingWallColour(k)])), BUILDING_KINDS, "#5f6774"),
      "fill-opacity": 0.82,
    } },
    { id: "buildings-outline", type: "line", source: "buildings", paint: { "line-color": "#cfe0f5", "line-opacity": 0.35, "line-width": 0.8 } },
    { id: "wall", type: "line", source: "wall", paint: { "line-color": GROUND_COLOURS.wall, "line-width": 2.5 } },
    { id: "fence-glow", type: "line", source: FENCE_SOURCE, layout: { "line-cap": "round" }, paint: {
      "line-color": FENCE_COLOURS.alarm, "line-width": 14, "line-blur": 6,
      "line-opacity": ["case", ["==", fenceState, "alarm"], 0.75, 0],
    } },
    { id: "fence", type: "line", source: FENCE_SOURCE, layout: { "line-cap": "butt" }, paint: {
      "line-color": ["match", fenceState, "alarm", FENCE_COLOURS.alarm, "fault", FENCE_COLOURS.fault, "disarmed", FENCE_COLOURS.disarmed, FENCE_COLOURS.normal],
      "line-width": ["case", ["==", fenceState, "alarm"], 5, 2.2],
    } },
    { id: "devices", type: "circle", source: DEVICE_SOURCE, paint: {
      "circle-color": ["case", deviceDown, "#59626f", matchKind(DEVICE_COLOURS, DEVICE_KINDS, "#ffffff")],
      "circle-radius": ["interpolate", ["linear"], ["zoom"], 14, 1.6, 17, 3.2, 20, 6],
      "circle-stroke-color": ["case", ["==", ["coalesce", ["feature-state", "alarm"], false], true], FENCE_COLOURS.alarm, SCENE_BACKGROUND],
      "circle-stroke-width": ["case", ["==", ["coalesce", ["feature-state", "alarm"], false], true], 3, 0.6],
    } },
    ...overlayLayers(),
  ];
}

function overlayLayers(): LayerSpecification[] {
  return [
    { id: "patrol-routes", type: "line", source: OVERLAY_SOURCES.routes, layout: { "line-join": "round" }, paint: {
      "line-color": ROUTE_COLOUR, "line-width": 2, "line-opacity": 0.8, "line-dasharray": [2, 1.5],
    } },
    { id: "checkpoints", type: "circle", source: OVERLAY_SOURCES.checkpoints, paint: {
      "circle-color": ["match", ["get", "status"], "ok", CHECKPOINT_COLOURS.ok, "due", CHECKPOINT_COLOURS.due, CHECKPOINT_COLOURS.unchecked],
      "circle-radius": ["interpolate", ["linear"], ["zoom"], 14, 3, 18, 7],
      "circle-stroke-color": "#0b1220", "circle-stroke-width": 1.5,
    } },
    { id: "incidents", type: "circle", source: OVERLAY_SOURCES.incidents, paint: {
      "circle-color": ["match", ["get", "severity"], 0, INCIDENT_COLOURS[0], 1, INCIDENT_COLOURS[1], 2, INCIDENT_COLOURS[2], 3, INCIDENT_COLOURS[3], INCIDENT_COLOURS[4]],
      "circle-radius": ["interpolate", ["linear"], ["zoom"], 14, 6, 18, 13],
      "circle-opacity": 0.85, "circle-stroke-color": "#ffffff", "circle-stroke-width": 2,
    } },
    { id: "guards", type: "circle", source: OVERLAY_SOURCES.guards, paint: {
      "circle-color": GUARD_COLOUR,
      "circle-radius": ["interpolate", ["linear"], ["zoom"], 14, 4, 18, 9],
      "circle-stroke-color": "#ffffff", "circle-stroke-width": 2,
    } },
  ];
}

/** The whole style for one campus; `attribution` is set for OSM-derived campuses (ODbL). */
export function campusMapStyle(layers: CampusGeoLayers, opts: { latDeg: number; attribution: string | null }): StyleSpecification {
  return { version: 8, name: "CampusTwin offline", sources: sources(layers, opts.attribution), layers: styleLayers(opts.latDeg) };
}
