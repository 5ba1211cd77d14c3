import { useLayoutEffect, useMemo, useRef } from "react";
import { BoxGeometry, type InstancedMesh, Matrix4, Quaternion, Vector3 } from "three";
import type { PathSegment } from "../../../server/contracts/campus";
import { segmentPlacements, type SegmentPlacement } from "../../lib/scene-geometry";
import { GROUND_COLOURS } from "./palette";
import { useDisposable } from "./use-disposable";

// The perimeter wall (R-2.4: walls ≥ 2 m carry the tension fence) and other fences, one instanced
// box per straight piece: a 1 m cube with its base at y = 0, scaled to length × height × thickness
// and turned to the piece's bearing. One draw call per kind however long the perimeter is.

export const WALL_HEIGHT_M = 2.5;
const FENCE_HEIGHT_M = 1.8;
const MIN_THICKNESS_M = 0.35;

const UP = new Vector3(0, 1, 0);
const scratchMatrix = new Matrix4();
const scratchQuat = new Quaternion();
const scratchPos = new Vector3();
const scratchScale = new Vector3();

export function PerimeterWall({ paths }: { paths: readonly PathSegment[] }) {
  const unitBox = useDisposable(() => new BoxGeometry(1, 1, 1).translate(0, 0.5, 0), []);
  const walls = useMemo(() => paths.filter((p) => p.kind === "wall"), [paths]);
  const fences = useMemo(() => paths.filter((p) => p.kind === "fence"), [paths]);
  return (
    <group>
      <WallPieces geometry={unitBox} lines={walls} heightM={WALL_HEIGHT_M} colour={GROUND_COLOURS.wall} />
      <WallPieces geometry={unitBox} lines={fences} heightM={FENCE_HEIGHT_M} colour={GROUND_COLOURS.fence} />
    </group>
  );
}

function WallPieces({ geometry, lines, heightM, colour }: {
  geometry: BoxGeometry; lines: readonly PathSegment[]; heightM: number; colour: string;
}) {
  const ref = useRef<InstancedMesh>(null);
  const pieces = useMemo(
    (): { p: SegmentPlacement; thicknessM: number }[] =>
      lines.flatMap((l) => segmentPlacements([l.line]).map((p) => ({ p, thicknessM: Math.max(l.widthM, MIN_THICKNESS_M) }))),
    [lines],
  );
  useLayoutEffect(() => {
    const mesh = ref.current;
    if (!mesh) return;
    pieces.forEach(({ p, thicknessM }, i) => {
      scratchQuat.setFromAxisAngle(UP, p.angleRad);
      scratchPos.set(p.midE, 0, -p.midN);
      scratchScale.set(p.lengthM + thicknessM, heightM, thicknessM); // overlap the corners
      mesh.setMatrixAt(i, scratchMatrix.compose(scratchPos, scratchQuat, scratchScale));
    });
    mesh.instanceMatrix.needsUpdate = true;
    mesh.computeBoundingSphere();
  }, [pieces, heightM]);
  if (pieces.length === 0) return null;
  return (
    <instancedMesh key={pieces.length} ref={ref} args={[geometry, undefined, pieces.length]}>
      <meshStandardMaterial color={colour} roughness={0.85} />
    </instancedMesh>
  );
}
