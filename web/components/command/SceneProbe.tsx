import { useThree } from "@react-three/fiber";
import { useEffect } from "react";
import { Quaternion, Vector3 } from "three";
import { cameraMountY, cameraQuaternion, isCamera } from "../scene/camera-pose";
import { KIND_MARKER } from "../scene/marker-shapes";
import { beaconReader, devicePoint } from "../../lib/beacons";
import { type FrameMeasurement, measureFrames } from "../scene/frame-meter";
import { useCommand } from "./command-context";

// A read-only window into the drawn scene for end-to-end tests and wall controllers:
// `window.campusTwinScene` tells which devices carry a beacon right now, the renderer's draw
// calls, and where on screen a device is (so a test can click it like a person would).

export interface SceneProbeApi {
  beaconDeviceIds(): string[];
  drawCalls(): number;
  /** Page pixel coordinates of a device (marker position), or null when behind the camera. */
  screenOf(deviceId: string): { x: number; y: number } | null;
  /** Renders `frames` frames synchronously and reports their CPU cost (the render benchmark). */
  measure(frames: number): FrameMeasurement;
}

declare global {
  interface Window { campusTwinScene?: SceneProbeApi }
}

const scratch = new Vector3();
const forward = new Vector3();
const quat = new Quaternion();

export function SceneProbe() {
  const { live, devicesById } = useCommand();
  const camera = useThree((s) => s.camera);
  const gl = useThree((s) => s.gl);
  const get = useThree((s) => s.get);
  useEffect(() => {
    const beacons = beaconReader(live.getState, devicesById);
    const api: SceneProbeApi = {
      beaconDeviceIds: () => beacons().map((b) => b.deviceId).filter((id): id is string => id !== null),
      drawCalls: () => gl.info.render.calls,
      measure: (frames) => measureFrames(get(), frames),
      screenOf(deviceId) {
        const d = devicesById.get(deviceId);
        if (!d) return null;
        const [e, n, up] = devicePoint(d);
        if (isCamera(d)) {
          // The middle of the camera's view-pyramid marker, half its size along the optical axis.
          forward.set(0, 0, -KIND_MARKER[d.kind].sizeM / 2).applyQuaternion(cameraQuaternion(d.optics, quat));
          scratch.set(e, cameraMountY(d), -n).add(forward);
        } else scratch.set(e, up + 1, -n);
        scratch.project(camera);
        if (scratch.z > 1) return null;
        const rect = gl.domElement.getBoundingClientRect();
        return { x: rect.left + ((scratch.x + 1) / 2) * rect.width, y: rect.top + ((1 - scratch.y) / 2) * rect.height };
      },
    };
    window.campusTwinScene = api;
    return () => {
      if (window.campusTwinScene === api) delete window.campusTwinScene;
    };
  }, [live, devicesById, camera, gl, get]);
  return null;
}
