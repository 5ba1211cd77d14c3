import type { CameraOptics } from "../../contracts/campus";
import { bearingDeg, round3 } from "../plane";
import { PIXELS_PER_M, type CameraPurpose } from "./table";

// Camera pose and lens from what the camera must achieve (R-6.2: faces and plates recognisable):
// the lens is chosen so the target is resolved at the purpose's pixel density (DORI), and the
// range is how far that density holds.

export type Vec3 = [number, number, number];

/** Varifocal lens limits (2.8–12 mm on a 1/2.8" sensor ≈ 100°–25° horizontal). */
const HFOV_MIN_DEG = 20;
const HFOV_MAX_DEG = 100;
/** Margin so the target sits inside the density limit, not on it. */
const RANGE_MARGIN = 1.25;
const MAX_RANGE_M = 250;

const DEG = Math.PI / 180;

export interface OpticsInput {
  position: Vec3;
  target: Vec3;
  purpose: CameraPurpose;
  resolution: readonly [number, number];
}

export function vfovFor(hfovDeg: number, resolutionW: number, resolutionH: number): number {
  return (2 * Math.atan(Math.tan((hfovDeg * DEG) / 2) * (resolutionH / resolutionW))) / DEG;
}

/** Distance at which a lens still delivers `pixelsPerM` across the image width. */
export function rangeFor(hfovDeg: number, resolutionW: number, pixelsPerM: number): number {
  return resolutionW / (2 * Math.tan((hfovDeg * DEG) / 2) * pixelsPerM);
}

export function aimOptics(input: OpticsInput): CameraOptics {
  const [w, h] = input.resolution;
  const [x, y, z] = input.position;
  const [tx, ty, tz] = input.target;
  const groundM = Math.max(0.5, Math.hypot(tx - x, ty - y));
  const ppm = PIXELS_PER_M[input.purpose];
  const wanted = (2 * Math.atan(w / (2 * ppm * groundM * RANGE_MARGIN))) / DEG;
  const hfovDeg = Math.min(HFOV_MAX_DEG, Math.max(HFOV_MIN_DEG, wanted));
  return {
    yawDeg: round3(bearingDeg([x, y], [tx, ty])) % 360,
    pitchDeg: round3(Math.max(-89, Math.min(-1, -Math.atan2(z - tz, groundM) / DEG))),
    rollDeg: 0,
    hfovDeg: round3(hfovDeg),
    vfovDeg: round3(vfovFor(hfovDeg, w, h)),
    resolutionW: w,
    resolutionH: h,
    rangeM: round3(Math.min(MAX_RANGE_M, rangeFor(hfovDeg, w, ppm))),
  };
}
