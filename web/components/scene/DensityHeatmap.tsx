import { useFrame } from "@react-three/fiber";
import { useMemo, useRef } from "react";
import { DataTexture, LinearFilter, MeshBasicMaterial, PlaneGeometry, RGBAFormat, UnsignedByteType } from "three";
import type { DensityGrid } from "../../lib/density-grid";
import { noRaycast } from "./CameraFrustums";
import { useDisposable } from "./use-disposable";

// Crowd-density heatmap over the ground: one plane, one GPU DataTexture (RGBA, linear filtering so
// cells blend smoothly). The texture is repainted only when the source's version changes — a new
// density frame — and uploaded by three on the next render. Legend: DensityLegend (people/m²).

export interface DensitySource {
  /** Changes whenever the densities do. */
  version(): number;
  /** Paints the current densities into an RGBA buffer of the grid's size. */
  paint(grid: DensityGrid, out: Uint8Array): void;
}

const HEATMAP_Y_M = 0.12;

export function DensityHeatmap({ grid, source, visible = true }: { grid: DensityGrid; source: DensitySource; visible?: boolean }) {
  const pixels = useMemo(() => new Uint8Array(grid.widthPx * grid.heightPx * 4), [grid]);
  const texture = useDisposable(() => {
    const t = new DataTexture(pixels, grid.widthPx, grid.heightPx, RGBAFormat, UnsignedByteType);
    t.magFilter = LinearFilter;
    t.minFilter = LinearFilter;
    t.needsUpdate = true;
    return t;
  }, [pixels, grid]);
  const material = useDisposable(() => new MeshBasicMaterial({ map: texture, transparent: true, depthWrite: false, toneMapped: false }), [texture]);
  const { bounds } = grid;
  const widthM = bounds.maxE - bounds.minE;
  const depthM = bounds.maxN - bounds.minN;
  // Texture row 0 is the south edge: after rotating the plane flat, its v axis points north (−z).
  const geometry = useDisposable(() => new PlaneGeometry(widthM, depthM).rotateX(-Math.PI / 2), [widthM, depthM]);
  const seen = useRef(-1);

  useFrame(() => {
    const v = source.version();
    if (v === seen.current || !visible) return;
    seen.current = v;
    source.paint(grid, pixels);
    texture.needsUpdate = true;
  });

  return (
    <mesh
      geometry={geometry}
      material={material}
      position={[(bounds.minE + bounds.maxE) / 2, HEATMAP_Y_M, -(bounds.minN + bounds.maxN) / 2]}
      renderOrder={-2}
      visible={visible}
      raycast={noRaycast}
      name="layer:heatmap"
    />
  );
}
