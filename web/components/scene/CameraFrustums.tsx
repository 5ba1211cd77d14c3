import { useFrame } from "@react-three/fiber";
import { useLayoutEffect, useMemo, useRef } from "react";
import { BufferGeometry, Color, DoubleSide, Float32BufferAttribute, type InstancedMesh, Matrix4, MeshBasicMaterial, Quaternion, Vector3 } from "three";
import type { CameraOptics, Device, DeviceStatus } from "../../../server/contracts/campus";
import type { CommandStore } from "../../lib/command-store";
import type { LiveStore } from "../../lib/live-store";
import { cameraMountY, cameraQuaternion, isCamera } from "./camera-pose";
import { useDisposable } from "./use-disposable";

// Every camera's view frustum as one instance of a unit pyramid (STYLE: instancing), scaled to the
// lens's field of view and to the camera's useful range, coloured by live state: online (cyan),
// offline or faulty (grey), in alarm (red), linked to the selected incident (amber). Two draw calls
// (translucent fill + wire edges) for any number of cameras. Re-coloured only when state changes.

export const FRUSTUM_COLOURS = { online: "#36c8ff", offline: "#56606e", alarm: "#ff3344", linked: "#ffb020" } as const;
const ONLINE = new Color(FRUSTUM_COLOURS.online);
const OFFLINE = new Color(FRUSTUM_COLOURS.offline);
const ALARM = new Color(FRUSTUM_COLOURS.alarm);
const LINKED = new Color(FRUSTUM_COLOURS.linked);
const DEG = Math.PI / 180;
const scratchMatrix = new Matrix4();
const scratchQuat = new Quaternion();
const scratchPos = new Vector3();
const scratchScale = new Vector3();

/** Unit frustum: apex at the origin, far rectangle at z = −1 with half-extents 1 × 1 (open at the apex). */
export function unitFrustumGeometry(): BufferGeometry {
  const g = new BufferGeometry();
  g.setAttribute("position", new Float32BufferAttribute([0, 0, 0, -1, -1, -1, 1, -1, -1, 1, 1, -1, -1, 1, -1], 3));
  g.setIndex([0, 2, 1, 0, 3, 2, 0, 4, 3, 0, 1, 4, 1, 2, 3, 1, 3, 4]);
  return g;
}

/** Writes the instance matrix of a frustum of `lengthM` for a camera pose (no allocation). */
export function composeFrustumMatrix(eastM: number, northM: number, upM: number, optics: CameraOptics, lengthM: number, out: Matrix4): Matrix4 {
  cameraQuaternion(optics, scratchQuat);
  scratchPos.set(eastM, upM, -northM);
  scratchScale.set(Math.tan((optics.hfovDeg * DEG) / 2) * lengthM, Math.tan((optics.vfovDeg * DEG) / 2) * lengthM, lengthM);
  return out.compose(scratchPos, scratchQuat, scratchScale);
}

function colourFor(status: DeviceStatus | undefined, alarm: boolean, linked: boolean): Color {
  if (linked) return LINKED;
  if (alarm || status === "alarm") return ALARM;
  if (status === "offline" || status === "fault") return OFFLINE;
  return ONLINE;
}

/**
 * `indoorBuildingId`: indoor cameras are drawn only for the opened building (their frustums would
 * otherwise poke through every roof); pass "all" to draw every camera (benchmark, planner).
 */
export function CameraFrustums({ devices, live, command, visible = true, indoorBuildingId = "all" }: {
  devices: readonly Device[];
  live: LiveStore;
  command: CommandStore;
  visible?: boolean;
  indoorBuildingId?: string | null;
}) {
  const cameras = useMemo(
    () => devices.filter(isCamera).filter((d) => indoorBuildingId === "all" || d.buildingId === null || d.buildingId === indoorBuildingId),
    [devices, indoorBuildingId],
  );
  const geometry = useDisposable(unitFrustumGeometry, []);
  const fill = useDisposable(() => new MeshBasicMaterial({ transparent: true, opacity: 0.07, depthWrite: false, side: DoubleSide }), []);
  const edges = useDisposable(() => new MeshBasicMaterial({ transparent: true, opacity: 0.26, wireframe: true, depthWrite: false }), []);
  const fillRef = useRef<InstancedMesh>(null);
  const edgeRef = useRef<InstancedMesh>(null);
  const seen = useRef({ stateVersion: -1, highlight: null as ReadonlySet<string> | null });

  useLayoutEffect(() => {
    for (const mesh of [fillRef.current, edgeRef.current]) {
      if (!mesh) continue;
      cameras.forEach((d, i) => {
        mesh.setMatrixAt(i, composeFrustumMatrix(d.position[0], d.position[1], cameraMountY(d), d.optics, d.optics.rangeM, scratchMatrix));
        mesh.setColorAt(i, ONLINE);
      });
      mesh.instanceMatrix.needsUpdate = true;
      mesh.computeBoundingSphere();
    }
    seen.current.stateVersion = -1;
  }, [cameras]);

  useFrame(() => {
    const s = live.getState();
    const highlight = command.getState().highlightCameras;
    if (s.stateVersion === seen.current.stateVersion && highlight === seen.current.highlight) return;
    seen.current.stateVersion = s.stateVersion;
    seen.current.highlight = highlight;
    for (const mesh of [fillRef.current, edgeRef.current]) {
      if (!mesh) continue;
      for (let i = 0; i < cameras.length; i++) {
        const d = cameras[i]!;
        mesh.setColorAt(i, colourFor(s.deviceStatus.get(d.id) ?? d.status, s.alarmDevices.has(d.id), highlight.has(d.id)));
      }
      if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
    }
  });

  if (cameras.length === 0) return null;
  return (
    <group visible={visible} name="layer:frustums">
      <instancedMesh key={`f${cameras.length}`} ref={fillRef} args={[geometry, fill, cameras.length]} raycast={noRaycast} renderOrder={2} />
      <instancedMesh key={`e${cameras.length}`} ref={edgeRef} args={[geometry, edges, cameras.length]} raycast={noRaycast} renderOrder={3} />
    </group>
  );
}

/** Frustums are not picked (they would cover everything); the camera's marker is. */
export function noRaycast(): void {}
