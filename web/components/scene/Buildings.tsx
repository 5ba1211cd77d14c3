import type { Building } from "../../../server/contracts/campus";
import { buildingOutlineGeometry, buildingsGeometry } from "../../lib/scene-geometry";
import { buildingColours } from "./palette";
import { useDisposable } from "./use-disposable";

// Every building extruded from its footprint, merged into one mesh (one draw call) with walls in
// the kind's colour and lighter roofs, plus one line layer for floor slabs and corners so storeys
// read at a glance.

export function Buildings({ buildings }: { buildings: readonly Building[] }) {
  const solid = useDisposable(() => buildingsGeometry(buildings, buildingColours), [buildings]);
  const outline = useDisposable(() => buildingOutlineGeometry(buildings), [buildings]);
  if (!solid) return null;
  return (
    <group>
      <mesh geometry={solid}>
        <meshStandardMaterial vertexColors roughness={0.78} metalness={0.05} polygonOffset polygonOffsetFactor={1} polygonOffsetUnits={1} />
      </mesh>
      <lineSegments geometry={outline}>
        <lineBasicMaterial color="#a9c7ec" transparent opacity={0.28} />
      </lineSegments>
    </group>
  );
}
