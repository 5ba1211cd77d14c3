import type { CameraChange, CoverageCamera } from "../../../server/contracts/coverage";

// A plan keeps one change per camera: the last word wins, an added camera that is moved stays an
// "add", and removing a camera the plan added just drops the addition.

const idOf = (c: CameraChange): string => (c.op === "remove" ? c.cameraId : c.camera.id);

export function mergeChange(changes: readonly CameraChange[], change: CameraChange): CameraChange[] {
  const id = idOf(change);
  const prior = changes.find((c) => idOf(c) === id);
  const rest = changes.filter((c) => idOf(c) !== id);
  if (prior?.op === "add") {
    if (change.op === "remove") return rest;
    return [...rest, { op: "add", camera: change.camera }];
  }
  return [...rest, change];
}

/** Cameras of the registry with the plan applied (what the engine sees). */
export function planCameraList(live: readonly CoverageCamera[], changes: readonly CameraChange[]): CoverageCamera[] {
  const byId = new Map(live.map((c) => [c.id, c]));
  for (const c of changes) {
    if (c.op === "remove") byId.delete(c.cameraId);
    else byId.set(c.camera.id, c.camera);
  }
  return [...byId.values()];
}
