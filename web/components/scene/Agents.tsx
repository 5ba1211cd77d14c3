import { useFrame } from "@react-three/fiber";
import { useLayoutEffect, useRef } from "react";
import { BoxGeometry, ConeGeometry, type InstancedMesh, MeshLambertMaterial } from "three";
import { AGENT_VEHICLE, type AgentBuffer } from "../../lib/agents";
import { noRaycast } from "./CameraFrustums";
import { useDisposable } from "./use-disposable";

// People and vehicles from an AgentBuffer: two InstancedMeshes (one draw call each,
// whatever the agent count), positions interpolated every frame and written straight into the
// instance matrix arrays — no per-frame allocation, no per-agent object, no Matrix4 per agent.

export const AGENT_COLOURS = { person: "#ffd27a", vehicle: "#7fd6ff" } as const;
/** Drawn larger than life so agents read from the campus overview. */
const PERSON_SIZE_M = { radius: 0.9, height: 3.2 };
const VEHICLE_SIZE_M = { length: 5.2, width: 2.3, height: 1.8 };
const scratchPos = new Float32Array(2);

function identityArray(mesh: InstancedMesh): void {
  const a = mesh.instanceMatrix.array as Float32Array;
  for (let i = 0; i < mesh.count; i++) {
    const o = i * 16;
    a.fill(0, o, o + 16);
    a[o] = a[o + 5] = a[o + 10] = a[o + 15] = 1;
  }
}

/** Writes the frame's agent positions into the two meshes; returns how many were drawn. Exported for the benchmark. */
export function writeAgentFrame(buffer: AgentBuffer, nowMs: number, people: InstancedMesh, vehicles: InstancedMesh): number {
  const pa = people.instanceMatrix.array as Float32Array;
  const va = vehicles.instanceMatrix.array as Float32Array;
  let np = 0;
  let nv = 0;
  for (let i = 0; i < buffer.count; i++) {
    buffer.positionInto(i, nowMs, scratchPos, 0);
    if (buffer.kind[i] === AGENT_VEHICLE) {
      // Heading from the glide direction; column-major rotation about +Y in the matrix.
      const de = buffer.to[i * 2]! - buffer.from[i * 2]!;
      const dn = buffer.to[i * 2 + 1]! - buffer.from[i * 2 + 1]!;
      const len = Math.hypot(de, dn);
      const c = len > 1e-3 ? de / len : 1;
      const s = len > 1e-3 ? dn / len : 0;
      const o = nv * 16;
      va[o] = c; va[o + 2] = -s; va[o + 8] = s; va[o + 10] = c;
      va[o + 12] = scratchPos[0]!; va[o + 13] = VEHICLE_SIZE_M.height / 2; va[o + 14] = -scratchPos[1]!;
      nv++;
    } else {
      const o = np * 16;
      pa[o + 12] = scratchPos[0]!; pa[o + 13] = PERSON_SIZE_M.height / 2; pa[o + 14] = -scratchPos[1]!;
      np++;
    }
  }
  people.count = np;
  vehicles.count = nv;
  people.instanceMatrix.needsUpdate = true;
  vehicles.instanceMatrix.needsUpdate = true;
  return np + nv;
}

export function Agents({ buffer, visible = true }: { buffer: AgentBuffer; visible?: boolean }) {
  const person = useDisposable(() => new ConeGeometry(PERSON_SIZE_M.radius, PERSON_SIZE_M.height, 5), []);
  const vehicle = useDisposable(() => new BoxGeometry(VEHICLE_SIZE_M.length, VEHICLE_SIZE_M.height, VEHICLE_SIZE_M.width), []);
  const personMat = useDisposable(() => new MeshLambertMaterial({ color: AGENT_COLOURS.person, emissive: AGENT_COLOURS.person, emissiveIntensity: 0.35 }), []);
  const vehicleMat = useDisposable(() => new MeshLambertMaterial({ color: AGENT_COLOURS.vehicle, emissive: AGENT_COLOURS.vehicle, emissiveIntensity: 0.25 }), []);
  const people = useRef<InstancedMesh>(null);
  const vehicles = useRef<InstancedMesh>(null);

  useLayoutEffect(() => {
    for (const m of [people.current, vehicles.current]) {
      if (!m) continue;
      m.count = buffer.capacity;
      identityArray(m);
      m.count = 0;
      // Agents roam the whole campus: culling by a stale bounding sphere would hide them.
      m.frustumCulled = false;
    }
  }, [buffer]);

  useFrame(() => {
    if (!visible || !people.current || !vehicles.current) return;
    writeAgentFrame(buffer, performance.now(), people.current, vehicles.current);
  });

  return (
    <group visible={visible} name="layer:agents">
      <instancedMesh ref={people} args={[person, personMat, buffer.capacity]} raycast={noRaycast} />
      <instancedMesh ref={vehicles} args={[vehicle, vehicleMat, buffer.capacity]} raycast={noRaycast} />
    </group>
  );
}
