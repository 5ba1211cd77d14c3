import { DoubleSide } from "three";
import type { PathSegment } from "../../../server/contracts/campus";
import { polygonsGeometry, ribbonsGeometry } from "../../lib/scene-geometry";
import { GROUND_COLOURS } from "./palette";
import { useDisposable } from "./use-disposable";

// Roads, footways, cycleways and the running track as flat ribbons of their width; sports fields as
// filled polygons. One merged mesh per kind. Flat layers skip depth writes and stack by renderOrder
// (fields under the track under roads under footways) instead of relying on tiny height offsets.

type RibbonKind = "track" | "road" | "cycleway" | "footway";
const RIBBON_LAYERS: { kind: RibbonKind; yM: number; order: number }[] = [
  { kind: "track", yM: 0.05, order: -6 },
  { kind: "road", yM: 0.06, order: -5 },
  { kind: "cycleway", yM: 0.07, order: -4 },
  { kind: "footway", yM: 0.08, order: -3 },
];

export function Paths({ paths }: { paths: readonly PathSegment[] }) {
  const fields = useDisposable(
    () => polygonsGeometry(paths.filter((p) => p.kind === "field").map((p) => p.line), 0.04),
    [paths],
  );
  return (
    <group>
      {fields && (
        <mesh geometry={fields} renderOrder={-7}>
          <meshBasicMaterial color={GROUND_COLOURS.field} depthWrite={false} />
        </mesh>
      )}
      {RIBBON_LAYERS.map((layer) => (
        <RibbonLayer key={layer.kind} paths={paths} {...layer} />
      ))}
    </group>
  );
}

function RibbonLayer({ paths, kind, yM, order }: { paths: readonly PathSegment[]; kind: RibbonKind; yM: number; order: number }) {
  const geometry = useDisposable(() => ribbonsGeometry(paths.filter((p) => p.kind === kind), yM), [paths, kind, yM]);
  if (!geometry) return null;
  return (
    <mesh geometry={geometry} renderOrder={order}>
      <meshBasicMaterial color={GROUND_COLOURS[kind]} depthWrite={false} side={DoubleSide} />
    </mesh>
  );
}
