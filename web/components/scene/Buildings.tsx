import type { Building } from "../../../server/contracts/campus";
import { buildingAtTriangle, buildingOutlineGeometry, buildingsGeometry, type BuildingTriangleRange } from "../../lib/scene-geometry";
import { buildingColours } from "./palette";
import { useDisposable } from "./use-disposable";

// Every building extruded from its footprint, merged into one mesh (one draw call) with walls in
// the kind's colour and lighter roofs, plus one line layer for floor slabs and corners so storeys
// read at a glance. `onPick` reports the clicked building (triangle ranges of the merged mesh);
// `faded` turns the campus translucent while one building is opened for its floors.

export function Buildings({ buildings, onPick, faded = false }: { buildings: readonly Building[]; onPick?: (buildingId: string) => void; faded?: boolean }) {
  const solid = useDisposable(() => buildingsGeometry(buildings, buildingColours), [buildings]);
  const outline = useDisposable(() => buildingOutlineGeometry(buildings), [buildings]);
  if (!solid) return null;
  return (
    <group>
      <mesh
        geometry={solid}
        name="layer:buildings"
        onClick={onPick && ((e) => {
          const ranges = solid.userData.buildingRanges as BuildingTriangleRange[] | undefined;
          const id = ranges && e.faceIndex != null ? buildingAtTriangle(ranges, e.faceIndex) : null;
          if (!id) return;
          e.stopPropagation();
          onPick(id);
        })}
      >
        <meshStandardMaterial vertexColors roughness={0.78} metalness={0.05} polygonOffset polygonOffsetFactor={1} polygonOffsetUnits={1}
          transparent={faded} opacity={faded ? 0.16 : 1} depthWrite={!faded} />
      </mesh>
      <lineSegments geometry={outline}>
        <lineBasicMaterial color="#a9c7ec" transparent opacity={0.28} />
      </lineSegments>
    </group>
  );
}
