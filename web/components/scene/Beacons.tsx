import { useFrame } from "@react-three/fiber";
import { useEffect, useRef } from "react";
import { AdditiveBlending, CylinderGeometry, type InstancedMesh, Matrix4, MeshBasicMaterial, Quaternion, RingGeometry, Vector3 } from "three";
import type { Beacon } from "../../lib/live-store";
import { noRaycast } from "./CameraFrustums";
import { useDisposable } from "./use-disposable";

// Alarm beacons: a tall light column and an expanding ground ring at every active alarm (a device
// in alarm, an open incident's location). Two instanced draw calls for any number of alarms; the
// pulse is a per-frame rewrite of the ring matrices only. The list comes from `beacons()`, read
// per frame; it is rebuilt by the caller only when live state changes.

const MAX_BEACONS = 256;
const COLUMN_HEIGHT_M = 60;
const RING_RADIUS_M = 14;
const PULSE_S = 1.4;
const scratchMatrix = new Matrix4();
const scratchPos = new Vector3();
const scratchScale = new Vector3();
const FLAT = new Quaternion().setFromAxisAngle(new Vector3(1, 0, 0), -Math.PI / 2);
const NONE = new Quaternion();

export function Beacons({ beacons, visible = true }: { beacons: () => readonly Beacon[]; visible?: boolean }) {
  const column = useDisposable(() => new CylinderGeometry(1.2, 2.6, COLUMN_HEIGHT_M, 12, 1, true).translate(0, COLUMN_HEIGHT_M / 2, 0), []);
  const ring = useDisposable(() => new RingGeometry(0.75, 1, 48), []);
  const columnMat = useDisposable(() => new MeshBasicMaterial({ color: "#ff3040", transparent: true, opacity: 0.42, blending: AdditiveBlending, depthWrite: false, toneMapped: false }), []);
  const ringMat = useDisposable(() => new MeshBasicMaterial({ color: "#ff5060", transparent: true, opacity: 0.8, blending: AdditiveBlending, depthWrite: false, toneMapped: false }), []);
  const columns = useRef<InstancedMesh>(null);
  const rings = useRef<InstancedMesh>(null);

  useEffect(() => {
    for (const m of [columns.current, rings.current]) if (m) m.frustumCulled = false;
  }, []);

  useFrame(({ clock }) => {
    const c = columns.current;
    const r = rings.current;
    if (!c || !r) return;
    const list = beacons();
    const n = Math.min(list.length, MAX_BEACONS);
    const phase = (clock.elapsedTime % PULSE_S) / PULSE_S;
    for (let i = 0; i < n; i++) {
      const b = list[i]!;
      const sev = 0.7 + b.severity * 0.15;
      scratchPos.set(b.eastM, Math.max(b.upM, 0), -b.northM);
      c.setMatrixAt(i, scratchMatrix.compose(scratchPos, NONE, scratchScale.set(sev, sev, sev)));
      const radius = RING_RADIUS_M * sev * (0.3 + phase);
      scratchPos.y += 0.3;
      r.setMatrixAt(i, scratchMatrix.compose(scratchPos, FLAT, scratchScale.set(radius, radius, 1)));
    }
    c.count = n;
    r.count = n;
    ringMat.opacity = 0.85 * (1 - phase);
    c.instanceMatrix.needsUpdate = true;
    r.instanceMatrix.needsUpdate = true;
  });

  return (
    <group visible={visible} name="layer:beacons">
      <instancedMesh ref={columns} args={[column, columnMat, MAX_BEACONS]} raycast={noRaycast} renderOrder={8} />
      <instancedMesh ref={rings} args={[ring, ringMat, MAX_BEACONS]} raycast={noRaycast} renderOrder={8} />
    </group>
  );
}
