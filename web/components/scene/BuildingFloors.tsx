import { useLayoutEffect, useRef } from "react";
import { Color, ExtrudeGeometry, type InstancedMesh, Matrix4, MeshStandardMaterial } from "three";
import type { Building } from "../../../server/contracts/campus";
import { ringShape } from "../../lib/scene-geometry";
import { useDisposable } from "./use-disposable";

// Indoor drill-down: the opened building's floors as stacked slabs (one instanced draw call), the
// chosen floor lit, the others dim; the building itself turns translucent (Buildings `faded`) so
// the slabs and the devices on each floor show through.

const SLAB_M = 0.35;
const LIT = new Color("#4fb3ff");
const DIM = new Color("#20324a");
const scratch = new Matrix4();

export function BuildingFloors({ building, floor }: { building: Building; floor: number | null }) {
  const storeyM = building.heightM / building.floors;
  const geometry = useDisposable(
    () => new ExtrudeGeometry(ringShape(building.footprint), { depth: SLAB_M, bevelEnabled: false, curveSegments: 1 }).rotateX(-Math.PI / 2),
    [building],
  );
  const material = useDisposable(() => new MeshStandardMaterial({ transparent: true, opacity: 0.72, roughness: 0.6 }), []);
  const ref = useRef<InstancedMesh>(null);
  useLayoutEffect(() => {
    const mesh = ref.current;
    if (!mesh) return;
    for (let f = 0; f < building.floors; f++) {
      mesh.setMatrixAt(f, scratch.makeTranslation(0, f * storeyM, 0));
      mesh.setColorAt(f, floor === null || floor === f ? LIT : DIM);
    }
    mesh.instanceMatrix.needsUpdate = true;
    if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
    mesh.computeBoundingSphere();
  }, [building, floor, storeyM]);
  return <instancedMesh key={building.id} ref={ref} args={[geometry, material, building.floors]} name="layer:floors" />;
}
