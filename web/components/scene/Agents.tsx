import { useFrame } from "@react-three/fiber";
import { useLayoutEffect, useMemo, useRef } from "react";
import {
  BoxGeometry, ConeGeometry, type BufferGeometry, DynamicDrawUsage, InstancedBufferAttribute, type InstancedMesh, MeshLambertMaterial,
} from "three";
import { AGENT_EPOCH_MS, type AgentBuffer, type AgentLane } from "../../lib/agents";
import { noRaycast } from "./CameraFrustums";
import { useDisposable } from "./use-disposable";

// People and vehicles (R-4.2): one InstancedMesh per kind (one draw call each, whatever the agent
// count). The glide between position reports runs in the vertex shader: the lane's typed arrays
// are the instance attributes (from/to, start/duration) and only the range changed since the last
// frame is uploaded; per frame the CPU sets one uniform. Vehicles turn to their direction of travel.

export const AGENT_COLOURS = { person: "#ffd27a", vehicle: "#7fd6ff" } as const;
/** Drawn larger than life so agents read from the campus overview. */
const PERSON_SIZE_M = { radius: 0.9, height: 3.2 };
const VEHICLE_SIZE_M = { length: 5.2, width: 2.3, height: 1.8 };

interface GlideShader { uniforms: { uTimeS: { value: number } } }

/** A Lambert material whose vertex shader places each instance along its glide. */
function glideMaterial(colour: string, heading: boolean): { material: MeshLambertMaterial; shader: GlideShader } {
  const shader: GlideShader = { uniforms: { uTimeS: { value: 0 } } };
  const material = new MeshLambertMaterial({ color: colour, emissive: colour, emissiveIntensity: 0.3 });
  material.onBeforeCompile = (s) => {
    s.uniforms.uTimeS = shader.uniforms.uTimeS;
    s.vertexShader = s.vertexShader
      .replace("#include <common>", "#include <common>\nattribute vec4 aFromTo;\nattribute vec2 aGlide;\nuniform float uTimeS;")
      .replace("#include <begin_vertex>", `#include <begin_vertex>
        float glideT = clamp((uTimeS - aGlide.x) / aGlide.y, 0.0, 1.0);
        vec2 en = mix(aFromTo.xy, aFromTo.zw, glideT);
        ${heading ? `vec2 d = aFromTo.zw - aFromTo.xy;
        float len = length(d);
        vec2 cs = len > 0.001 ? d / len : vec2(1.0, 0.0);
        transformed = vec3(transformed.x * cs.x + transformed.z * cs.y, transformed.y, -transformed.x * cs.y + transformed.z * cs.x);` : ""}
        transformed += vec3(en.x, 0.0, -en.y);`);
  };
  material.customProgramCacheKey = () => `agents-glide-${heading ? "heading" : "plain"}`;
  return { material, shader };
}

function laneGeometry(base: BufferGeometry, lane: AgentLane): BufferGeometry {
  const g = base.clone();
  const fromTo = new InstancedBufferAttribute(lane.fromTo, 4).setUsage(DynamicDrawUsage);
  const glide = new InstancedBufferAttribute(lane.glide, 2).setUsage(DynamicDrawUsage);
  g.setAttribute("aFromTo", fromTo);
  g.setAttribute("aGlide", glide);
  return g;
}

/**
 * Marks the lane's changed range for upload and clears it (the owner view), or — for other views
 * of the same lane (picture-in-picture) — re-uploads the whole lane when its version moved.
 */
function uploadLane(mesh: InstancedMesh, lane: AgentLane, owner: boolean): void {
  mesh.count = lane.count;
  if (!owner) {
    if (mesh.userData.laneVersion === lane.version) return;
    mesh.userData.laneVersion = lane.version;
    for (const name of ["aFromTo", "aGlide"]) {
      const a = mesh.geometry.getAttribute(name) as InstancedBufferAttribute;
      a.clearUpdateRanges();
      a.needsUpdate = true;
    }
    return;
  }
  if (lane.dirtyMax < lane.dirtyMin) return;
  const fromTo = mesh.geometry.getAttribute("aFromTo") as InstancedBufferAttribute;
  const glide = mesh.geometry.getAttribute("aGlide") as InstancedBufferAttribute;
  const first = lane.dirtyMin;
  const n = lane.dirtyMax - lane.dirtyMin + 1;
  fromTo.clearUpdateRanges();
  fromTo.addUpdateRange(first * 4, n * 4);
  fromTo.needsUpdate = true;
  glide.clearUpdateRanges();
  glide.addUpdateRange(first * 2, n * 2);
  glide.needsUpdate = true;
  lane.clearDirty();
}

/** `owner`: the one view that consumes the lanes' dirty ranges; other views pass false. */
export function Agents({ buffer, visible = true, owner = true }: { buffer: AgentBuffer; visible?: boolean; owner?: boolean }) {
  const [peopleLane, vehicleLane] = buffer.lanes;
  const personBase = useDisposable(() => new ConeGeometry(PERSON_SIZE_M.radius, PERSON_SIZE_M.height, 5).translate(0, PERSON_SIZE_M.height / 2, 0), []);
  const vehicleBase = useDisposable(() => new BoxGeometry(VEHICLE_SIZE_M.length, VEHICLE_SIZE_M.height, VEHICLE_SIZE_M.width).translate(0, VEHICLE_SIZE_M.height / 2, 0), []);
  const personGeometry = useDisposable(() => laneGeometry(personBase, peopleLane), [personBase, peopleLane]);
  const vehicleGeometry = useDisposable(() => laneGeometry(vehicleBase, vehicleLane), [vehicleBase, vehicleLane]);
  const person = useMemo(() => glideMaterial(AGENT_COLOURS.person, false), []);
  const vehicle = useMemo(() => glideMaterial(AGENT_COLOURS.vehicle, true), []);
  useLayoutEffect(() => () => { person.material.dispose(); vehicle.material.dispose(); }, [person, vehicle]);
  const people = useRef<InstancedMesh>(null);
  const vehicles = useRef<InstancedMesh>(null);

  useLayoutEffect(() => {
    for (const m of [people.current, vehicles.current]) {
      if (!m) continue;
      // Instance matrices stay identity (positions come from the glide attributes), and agents
      // roam the whole campus: culling by the base geometry's bounds would hide them.
      m.frustumCulled = false;
    }
  }, [buffer]);

  useFrame(() => {
    if (!visible || !people.current || !vehicles.current) return;
    const timeS = (performance.now() - AGENT_EPOCH_MS) / 1000;
    person.shader.uniforms.uTimeS.value = timeS;
    vehicle.shader.uniforms.uTimeS.value = timeS;
    uploadLane(people.current, peopleLane, owner);
    uploadLane(vehicles.current, vehicleLane, owner);
  });

  return (
    <group visible={visible} name="layer:agents">
      <instancedMesh ref={people} args={[personGeometry, person.material, buffer.capacity]} raycast={noRaycast} />
      <instancedMesh ref={vehicles} args={[vehicleGeometry, vehicle.material, buffer.capacity]} raycast={noRaycast} />
    </group>
  );
}
