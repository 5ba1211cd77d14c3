import type { CoverageCamera } from "../contracts/coverage";
import type { CoverageGrid } from "./grid";

// A camera reduced to the numbers the sweep needs. Frames: world = campus ENU metres;
// yaw clockwise from north, pitch negative looks down, roll turns the image clockwise as seen
// from behind the camera (ZCameraOptics in server/contracts/campus.ts).

export interface PreparedCamera {
  /** Camera position in continuous grid cells (col, row). */
  gx: number;
  gy: number;
  eyeM: number;
  /** Target height minus eye height (m): the vertical component of every sight line. */
  dzM: number;
  /** View axis, image right and image up, as ENU unit vectors. */
  fe: number; fn: number; fu: number;
  re: number; rn: number; ru: number;
  ue: number; un: number; uu: number;
  tanHalfH: number;
  tanHalfV: number;
  /** px/m = pxScale / (distance along the view axis in m). */
  pxScale: number;
  /** Plan-view reach (cells): range, shortened when the whole frustum hits the target plane nearer. */
  reachCells: number;
  /** Obstacles within this plan distance (cells², squared) are the camera's own mount. */
  clear2Cells: number;
  /** Plan-view sector that can hold visible cells: centre (deg, counter-clockwise from east) and half-width. */
  azCentreDeg: number;
  azHalfDeg: number;
}

const DEG = Math.PI / 180;
/** Obstacles this close to the lens are the wall or pole the camera hangs on. */
export const MOUNT_CLEARANCE_M = 1.0;

export function prepareCamera(cam: CoverageCamera, grid: CoverageGrid, targetHeightM: number): PreparedCamera {
  const o = cam.optics;
  const yaw = o.yawDeg * DEG, pitch = o.pitchDeg * DEG, roll = (o.rollDeg ?? 0) * DEG;
  const fe = Math.cos(pitch) * Math.sin(yaw), fn = Math.cos(pitch) * Math.cos(yaw), fu = Math.sin(pitch);
  // Unrolled right (horizontal) and up vectors, then the roll about the view axis.
  const r0e = Math.cos(yaw), r0n = -Math.sin(yaw);
  const u0e = -Math.sin(pitch) * Math.sin(yaw), u0n = -Math.sin(pitch) * Math.cos(yaw), u0u = Math.cos(pitch);
  const cr = Math.cos(roll), sr = Math.sin(roll);
  const tanHalfH = Math.tan((o.hfovDeg * DEG) / 2), tanHalfV = Math.tan((o.vfovDeg * DEG) / 2);
  const s = grid.cellSizeM;
  const eyeM = cam.position[2];
  const dzM = targetHeightM - eyeM;
  const p: PreparedCamera = {
    gx: (cam.position[0] - grid.originE) / s, gy: (cam.position[1] - grid.originN) / s,
    eyeM, dzM, fe, fn, fu,
    re: r0e * cr - u0e * sr, rn: r0n * cr - u0n * sr, ru: -u0u * sr,
    ue: r0e * sr + u0e * cr, un: r0n * sr + u0n * cr, uu: u0u * cr,
    tanHalfH, tanHalfV,
    pxScale: o.resolutionW / (2 * tanHalfH),
    reachCells: o.rangeM / s,
    clear2Cells: (MOUNT_CLEARANCE_M / s) ** 2,
    azCentreDeg: 90 - o.yawDeg,
    azHalfDeg: planHalfWidthDeg(o.hfovDeg, o.vfovDeg, o.pitchDeg, o.rollDeg ?? 0),
  };
  p.reachCells = Math.min(p.reachCells, frustumReachM(p, dzM) / s);
  return p;
}

/**
 * Half-width of the plan-view wedge a frustum can cover. A ray at image (x, y) has plan azimuth
 * offset atan(x / (cos p − y·sin p)); its largest value, at the frustum edge nearest the vertical,
 * is atan(tan(h/2)·cos(v/2) / cos(|p| + v/2)). A frustum reaching the vertical, or any roll,
 * can see all around (the exact per-cell frustum test still filters).
 */
function planHalfWidthDeg(hfovDeg: number, vfovDeg: number, pitchDeg: number, rollDeg: number): number {
  const edge = Math.abs(pitchDeg) + vfovDeg / 2;
  if (rollDeg !== 0 || edge >= 89) return 180;
  const t = (Math.tan((hfovDeg * DEG) / 2) * Math.cos((vfovDeg * DEG) / 2)) / Math.cos(edge * DEG);
  return Math.min(180, Math.atan(t) / DEG + 0.5);
}

/** Largest plan distance (m) at which a frustum corner ray meets the target plane; ∞ if one never does. */
function frustumReachM(p: PreparedCamera, dzM: number): number {
  if (dzM >= 0) return Infinity;
  let reach = 0;
  for (const sx of [-1, 1]) {
    for (const sy of [-1, 1]) {
      const de = p.fe + sx * p.tanHalfH * p.re + sy * p.tanHalfV * p.ue;
      const dn = p.fn + sx * p.tanHalfH * p.rn + sy * p.tanHalfV * p.un;
      const du = p.fu + sx * p.tanHalfH * p.ru + sy * p.tanHalfV * p.uu;
      if (du >= 0) return Infinity;
      reach = Math.max(reach, (dzM / du) * Math.hypot(de, dn));
    }
  }
  return reach + 1e-6;
}
