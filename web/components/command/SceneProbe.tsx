import { useThree } from "@react-three/fiber";
import { useEffect } from "react";
import { Vector3 } from "three";
import { beaconReader, devicePoint } from "../../lib/beacons";
import { useCommand } from "./command-context";

// A read-only window into the drawn scene for end-to-end tests and wall controllers:
// `window.campusTwinScene` tells which devices carry a beacon right now, the renderer's draw
// calls, and where on screen a device is (so a test can click it like a person would).

export interface SceneProbeApi {
  beaconDeviceIds(): string[];
  drawCalls(): number;
  /** Page pixel coordinates of a device (marker position), or null when behind the camera. */
  screenOf(deviceId: string): { x: number; y: number } | null;
}

declare global {
  interface Window { campusTwinScene?: SceneProbeApi }
}

const scratch = new Vector3();

export function SceneProbe() {
  const { live, devicesById } = useCommand();
  const camera = useThree((s) => s.camera);
  const gl = useThree((s) => s.gl);
  useEffect(() => {
    const beacons = beaconReader(live.getState, devicesById);
    const api: SceneProbeApi = {
      beaconDeviceIds: () => beacons().map((b) => b.deviceId).filter((id): id is string => id !== null),
      drawCalls: () => gl.info.render.calls,
      screenOf(deviceId) {
        const d = devicesById.get(deviceId);
        if (!d) return null;
        const [e, n, up] = devicePoint(d);
        const y = d.kind.endsWith("camera") ? Math.max(d.position[2], 1) : up + 1;
        scratch.set(e, y, -n).project(camera);
        if (scratch.z > 1) return null;
        const rect = gl.domElement.getBoundingClientRect();
        return { x: rect.left + ((scratch.x + 1) / 2) * rect.width, y: rect.top + ((1 - scratch.y) / 2) * rect.height };
      },
    };
    window.campusTwinScene = api;
    return () => {
      if (window.campusTwinScene === api) delete window.campusTwinScene;
    };
  }, [live, devicesById, camera, gl]);
  return null;
}
