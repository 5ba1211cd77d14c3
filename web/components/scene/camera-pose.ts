import { Euler, type Quaternion } from "three";
import type { CameraOptics, Device } from "../../../server/contracts/campus";

// A camera's pose in the three.js frame (scene-coords.ts): three cameras and the unit frustum look
// along −Z, which is north; yaw turns clockwise from north (hence −yaw about +Y), positive pitch
// looks up. Shared by the frustum layer and the virtual camera view so both agree exactly.

const DEG = Math.PI / 180;
const scratchEuler = new Euler(0, 0, 0, "YXZ");

export function cameraQuaternion(optics: CameraOptics, out: Quaternion): Quaternion {
  scratchEuler.set(optics.pitchDeg * DEG, -optics.yawDeg * DEG, (optics.rollDeg ?? 0) * DEG, "YXZ");
  return out.setFromEuler(scratchEuler);
}

/** Mount height used for drawing: never below 1 m so ground-level cameras stay visible. */
export function cameraMountY(d: Pick<Device, "position">): number {
  return Math.max(d.position[2], 1);
}

export const CAMERA_KINDS = new Set(["camera", "lpr_camera", "face_camera", "density_camera"]);

export function isCamera(d: Pick<Device, "kind" | "optics">): d is Device & { optics: CameraOptics } {
  return CAMERA_KINDS.has(d.kind) && d.optics !== null;
}
