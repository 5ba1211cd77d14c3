import { MeshBasicMaterial, PlaneGeometry } from "three";
import type { LineM } from "../../../server/contracts/geometry";
import type { BoundsM } from "../../lib/scene-coords";
import { polygonsGeometry } from "../../lib/scene-geometry";
import { GROUND_COLOURS } from "./palette";
import { useDisposable } from "./use-disposable";

// The ground: a dark plane well beyond the campus (so the horizon fades into fog), the campus land
// inside its boundary a shade lighter, and a faint 50 m grid for scale. Flat layers do not write
// depth; renderOrder stacks them (see Paths.tsx) so they never z-fight at a distance.

const GRID_STEP_M = 50;

export function Ground({ boundary, bounds }: { boundary: LineM; bounds: BoundsM }) {
  const sizeM = Math.max(bounds.maxE - bounds.minE, bounds.maxN - bounds.minN) * 6 + 2000;
  const cx = (bounds.minE + bounds.maxE) / 2;
  const cn = (bounds.minN + bounds.maxN) / 2;
  const plane = useDisposable(() => new PlaneGeometry(sizeM, sizeM).rotateX(-Math.PI / 2), [sizeM]);
  const land = useDisposable(() => polygonsGeometry([boundary], 0.02), [boundary]);
  const material = useDisposable(() => new MeshBasicMaterial({ color: GROUND_COLOURS.outside, depthWrite: false }), []);
  const gridCells = Math.ceil((Math.max(bounds.maxE - bounds.minE, bounds.maxN - bounds.minN) * 1.6) / GRID_STEP_M);
  return (
    <group>
      <mesh geometry={plane} material={material} position={[cx, -0.05, -cn]} renderOrder={-10} />
      {land && (
        <mesh geometry={land} renderOrder={-9}>
          <meshBasicMaterial color={GROUND_COLOURS.campus} depthWrite={false} />
        </mesh>
      )}
      <gridHelper
        args={[gridCells * GRID_STEP_M, gridCells, GROUND_COLOURS.grid, GROUND_COLOURS.grid]}
        position={[cx, 0.03, -cn]}
        renderOrder={-8}
      />
    </group>
  );
}
