import { useFrame } from "@react-three/fiber";
import { useMemo } from "react";
import { ConeGeometry, type Group, Mesh, MeshBasicMaterial, MeshLambertMaterial } from "three";
import { composeFrustumMatrix, unitFrustumGeometry } from "../CameraFrustums";
import { cameraMountY } from "../camera-pose";
import { useDisposable } from "../use-disposable";
import type { StressWorld } from "./stress-world";

// The benchmark's naive baseline: the same stress world drawn the obvious way — one Mesh per
// frustum and one Mesh per agent, positions set on each object every frame. Shared geometry and
// material (the kindest naive version); it exists only to be measured against the instanced one.

const scratch = new Float32Array(2);

export function NaiveStress({ world }: { world: StressWorld }) {
  const frustumGeometry = useDisposable(unitFrustumGeometry, []);
  const agentGeometry = useDisposable(() => new ConeGeometry(0.9, 3.2, 5), []);
  const frustumMat = useDisposable(() => new MeshBasicMaterial({ color: "#36c8ff", transparent: true, opacity: 0.13, depthWrite: false }), []);
  const agentMat = useDisposable(() => new MeshLambertMaterial({ color: "#ffd27a" }), []);
  const root = useMemo(() => {
    const frustums = world.cameras.map((d) => {
      const m = new Mesh(frustumGeometry, frustumMat);
      m.matrixAutoUpdate = false;
      composeFrustumMatrix(d.position[0], d.position[1], cameraMountY(d), d.optics!, d.optics!.rangeM, m.matrix);
      return m;
    });
    const agents = Array.from({ length: world.agents.count }, () => new Mesh(agentGeometry, agentMat));
    return { frustums, agents };
  }, [world, frustumGeometry, frustumMat, agentGeometry, agentMat]);

  useFrame(() => {
    const now = performance.now();
    world.step(now);
    let k = 0;
    for (const lane of world.agents.lanes) {
      for (let i = 0; i < lane.count; i++) {
        lane.positionInto(i, now, scratch, 0);
        root.agents[k++]!.position.set(scratch[0]!, 1.6, -scratch[1]!);
      }
    }
  });

  return (
    <group name="naive">
      <group ref={(g: Group | null) => { if (g && g.children.length === 0) g.add(...root.frustums); }} />
      <group ref={(g: Group | null) => { if (g && g.children.length === 0) for (const m of root.agents) g.add(m); }} />
    </group>
  );
}
