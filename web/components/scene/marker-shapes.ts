import {
  BoxGeometry, BufferGeometry, CylinderGeometry, Euler, Float32BufferAttribute, IcosahedronGeometry,
  type Matrix4, OctahedronGeometry, Quaternion, Vector3,
} from "three";
import type { Device, DeviceKind } from "../../../server/contracts/campus";

// Marker shapes per device kind and how one device becomes one instance matrix. Cameras are small
// view pyramids posed by yaw/pitch/roll and shaped by their lens (the seed of issue 6's frustums);
// other kinds are simple solids, exaggerated in size so they read from an overview.

export type MarkerShape = "view" | "orb" | "diamond" | "block" | "pillar";

export const KIND_MARKER: Record<DeviceKind, { shape: MarkerShape; sizeM: number }> = {
  camera: { shape: "view", sizeM: 6 },
  lpr_camera: { shape: "view", sizeM: 6 },
  face_camera: { shape: "view", sizeM: 5 },
  density_camera: { shape: "view", sizeM: 6 },
  fence_segment: { shape: "diamond", sizeM: 1.6 },
  fence_host: { shape: "block", sizeM: 2 },
  alarm_panel: { shape: "block", sizeM: 2 },
  intrusion_detector: { shape: "diamond", sizeM: 1.8 },
  panic_button: { shape: "orb", sizeM: 2.4 },
  access_door: { shape: "block", sizeM: 1.8 },
  gate: { shape: "pillar", sizeM: 3 },
  patrol_checkpoint: { shape: "pillar", sizeM: 2.2 },
  smoke_sensor: { shape: "orb", sizeM: 1.4 },
  electric_fire_sensor: { shape: "orb", sizeM: 1.4 },
};

/**
 * A unit view pyramid: apex at the origin (the camera), base rectangle at z = −1 with half-extents
 * 1 × 1, i.e. looking along three's −Z, which is north in the campus frame (scene-coords.ts).
 */
function viewPyramid(): BufferGeometry {
  const g = new BufferGeometry();
  g.setAttribute("position", new Float32BufferAttribute([0, 0, 0, -1, -1, -1, 1, -1, -1, 1, 1, -1, -1, 1, -1], 3));
  g.setIndex([0, 2, 1, 0, 3, 2, 0, 4, 3, 0, 1, 4, 1, 2, 3, 1, 3, 4]);
  g.computeVertexNormals();
  return g;
}

export function createMarkerGeometries(): Record<MarkerShape, BufferGeometry> {
  return {
    view: viewPyramid(),
    orb: new IcosahedronGeometry(0.5, 1),
    diamond: new OctahedronGeometry(0.5, 0),
    block: new BoxGeometry(1, 1, 1),
    pillar: new CylinderGeometry(0.35, 0.35, 1, 10),
  };
}

const scratchEuler = new Euler(0, 0, 0, "YXZ");
const scratchQuat = new Quaternion();
const scratchPos = new Vector3();
const scratchScale = new Vector3();
const DEG = Math.PI / 180;

/** Writes the instance matrix of one device into `out` (no allocation). */
export function composeMarkerMatrix(d: Device, out: Matrix4): Matrix4 {
  const { shape, sizeM } = KIND_MARKER[d.kind];
  const [e, n, up] = d.position;
  if (shape === "view" && d.optics) {
    const o = d.optics;
    // Yaw is clockwise from north; three's +Y rotation turns −Z (north) towards west, hence −yaw.
    scratchEuler.set(o.pitchDeg * DEG, -o.yawDeg * DEG, o.rollDeg * DEG, "YXZ");
    scratchQuat.setFromEuler(scratchEuler);
    const halfW = Math.tan((o.hfovDeg * DEG) / 2) * sizeM;
    const halfH = Math.tan((o.vfovDeg * DEG) / 2) * sizeM;
    scratchScale.set(Math.min(halfW, sizeM * 2), Math.min(halfH, sizeM * 2), sizeM);
  } else {
    scratchQuat.identity();
    scratchScale.setScalar(sizeM);
  }
  // Markers sit at the device, but never below the ground so floor-level devices stay visible.
  const y = shape === "view" ? Math.max(up, 1) : Math.max(up, 0) + sizeM / 2;
  scratchPos.set(e, y, -n);
  return out.compose(scratchPos, scratchQuat, scratchScale);
}
