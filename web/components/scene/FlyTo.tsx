import { useFrame, useThree } from "@react-three/fiber";
import { useRef } from "react";
import { Vector3 } from "three";
import type { CommandStore } from "../../lib/command-store";

// Flies the view to the command store's focus request (an incident, a search hit): the orbit
// target glides to the point and the camera keeps its bearing at the requested distance, over
// FLIGHT_MS with an ease-in-out. Works with the default MapControls of CameraRig.

const FLIGHT_MS = 1100;
const fromTarget = new Vector3();
const toTarget = new Vector3();
const fromCam = new Vector3();
const toCam = new Vector3();
const offset = new Vector3();

interface OrbitLike { target: Vector3; update(): void }

function isOrbit(c: unknown): c is OrbitLike {
  return typeof c === "object" && c !== null && "target" in c && "update" in c;
}

export function FlyTo({ command }: { command: CommandStore }) {
  const camera = useThree((s) => s.camera);
  const controls = useThree((s) => s.controls);
  const invalidate = useThree((s) => s.invalidate);
  const flight = useRef<{ nonce: number; startMs: number } | null>(null);
  const seenNonce = useRef(0);

  useFrame(() => {
    const focus = command.getState().focus;
    if (!isOrbit(controls)) return;
    if (focus && focus.nonce !== seenNonce.current) {
      seenNonce.current = focus.nonce;
      flight.current = { nonce: focus.nonce, startMs: performance.now() };
      fromTarget.copy(controls.target);
      fromCam.copy(camera.position);
      toTarget.set(focus.eastM, 0, -focus.northM);
      offset.copy(camera.position).sub(controls.target).normalize().multiplyScalar(focus.distanceM);
      // Keep an oblique overview (about 40° down or steeper) so the spot is seen in its surroundings.
      if (offset.y < focus.distanceM * 0.65) offset.y = focus.distanceM * 0.75;
      toCam.copy(toTarget).add(offset);
    }
    if (!flight.current) return;
    const t = Math.min((performance.now() - flight.current.startMs) / FLIGHT_MS, 1);
    const k = t < 0.5 ? 2 * t * t : 1 - (-2 * t + 2) ** 2 / 2;
    controls.target.lerpVectors(fromTarget, toTarget, k);
    camera.position.lerpVectors(fromCam, toCam, k);
    controls.update();
    if (t >= 1) flight.current = null;
    invalidate();
  });
  return null;
}
