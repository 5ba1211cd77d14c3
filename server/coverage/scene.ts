import type { CampusModel, Device } from "../contracts/campus";
import type { AnalysisOptions, CameraChange, CoverageCamera } from "../contracts/coverage";
import type { PointM } from "../contracts/geometry";
import { createGrid, extentOf, rasteriseObstacles, type CoverageGrid, type Obstacle } from "./grid";

// From the campus model to what the engine consumes: obstacles, cameras and the grid extent.

export const CAMERA_KINDS: ReadonlySet<Device["kind"]> = new Set(["camera", "lpr_camera", "face_camera", "density_camera"]);
/** Open ground kept around the campus features, so the gate approach and outward views fit. */
const EXTENT_MARGIN_M = 20;

export function obstaclesOf(model: Pick<CampusModel, "buildings" | "paths">, wallHeightM: number): Obstacle[] {
  const out: Obstacle[] = model.buildings.map((b) => ({ kind: "building", line: b.footprint, heightM: b.heightM, widthM: 0 }));
  for (const p of model.paths) {
    if (p.kind === "wall") out.push({ kind: "wall", line: p.line, heightM: wallHeightM, widthM: p.widthM });
  }
  return out;
}

/** Cameras of the registry that have optics (every camera kind; indoor ones see no open ground). */
export function camerasOf(model: Pick<CampusModel, "devices">): CoverageCamera[] {
  return model.devices
    .filter((d) => CAMERA_KINDS.has(d.kind) && d.optics !== null)
    .map((d) => ({ id: d.id, name: d.name, model: d.model, position: d.position, optics: d.optics! }));
}

/** The registry's cameras with a draft's changes applied, in registry order then additions. */
export function applyChanges(cameras: readonly CoverageCamera[], changes: readonly CameraChange[]): CoverageCamera[] {
  const byId = new Map(cameras.map((c) => [c.id, c]));
  for (const ch of changes) {
    if (ch.op === "remove") byId.delete(ch.cameraId);
    else byId.set(ch.camera.id, ch.camera);
  }
  return [...byId.values()];
}

export function gridForCampus(model: CampusModel, options: AnalysisOptions, shared = false,
  extraPoints: readonly PointM[] = []): CoverageGrid {
  const points: PointM[] = [...model.boundary, ...extraPoints];
  for (const z of model.zones) points.push(...z.polygon);
  for (const b of model.buildings) points.push(...b.footprint);
  for (const d of model.devices) points.push([d.position[0], d.position[1]]);
  const grid = createGrid(extentOf(points, EXTENT_MARGIN_M), options.cellSizeM, shared);
  rasteriseObstacles(grid, obstaclesOf(model, options.wallHeightM));
  return grid;
}
