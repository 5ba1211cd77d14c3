import type { Zone } from "../../server/contracts/campus";
import type { BoundsM } from "./scene-coords";
import { openRing } from "./scene-coords";

// Crowd density on a regular grid over the campus, for the heatmap texture: each
// zone's cells are found once (point-in-polygon at cell centres), then every density frame only
// writes per-cell values and maps them to colours. Units: people per square metre.

export interface DensityGrid {
  widthPx: number;
  heightPx: number;
  bounds: BoundsM;
  /** Cell indices (row-major, row 0 = south) inside each zone. */
  cellsByZone: Map<string, Uint32Array>;
}

export function buildDensityGrid(zones: readonly Pick<Zone, "id" | "polygon" | "floor">[], bounds: BoundsM, widthPx: number, heightPx: number): DensityGrid {
  const cellsByZone = new Map<string, Uint32Array>();
  const cellE = (bounds.maxE - bounds.minE) / widthPx;
  const cellN = (bounds.maxN - bounds.minN) / heightPx;
  for (const z of zones) {
    if (z.floor !== 0) continue; // the heatmap lies on the ground; indoor floors show in the building view
    const ring = openRing(z.polygon);
    const cells: number[] = [];
    for (let row = 0; row < heightPx; row++) {
      const n = bounds.minN + (row + 0.5) * cellN;
      for (let col = 0; col < widthPx; col++) {
        if (insideRing(ring, bounds.minE + (col + 0.5) * cellE, n)) cells.push(row * widthPx + col);
      }
    }
    if (cells.length) cellsByZone.set(z.id, Uint32Array.from(cells));
  }
  return { widthPx, heightPx, bounds, cellsByZone };
}

function insideRing(ring: readonly (readonly number[])[], e: number, n: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [ei, ni] = ring[i] as [number, number];
    const [ej, nj] = ring[j] as [number, number];
    if (ni > n !== nj > n && e < ((ej - ei) * (n - ni)) / (nj - ni) + ei) inside = !inside;
  }
  return inside;
}

/** Colour stops of the legend (people/m²); below the first stop the ground shows through. */
export const DENSITY_STOPS: readonly { perM2: number; rgb: readonly [number, number, number] }[] = [
  { perM2: 0.2, rgb: [40, 120, 255] },
  { perM2: 1, rgb: [40, 220, 140] },
  { perM2: 2, rgb: [255, 220, 60] },
  { perM2: 3.5, rgb: [255, 120, 40] },
  { perM2: 5, rgb: [255, 40, 60] },
];

/** Writes the RGBA of a density into out[o..o+3] (no allocation). */
export function densityColour(perM2: number, out: Uint8Array, o: number): void {
  const first = DENSITY_STOPS[0]!;
  if (perM2 < first.perM2 * 0.25) {
    out[o] = out[o + 1] = out[o + 2] = out[o + 3] = 0;
    return;
  }
  let k = DENSITY_STOPS.length - 1;
  for (let i = 1; i < DENSITY_STOPS.length; i++) if (perM2 < DENSITY_STOPS[i]!.perM2) { k = i; break; }
  const hi = DENSITY_STOPS[k]!;
  const lo = DENSITY_STOPS[Math.max(k - 1, 0)]!;
  const t = hi === lo ? 1 : Math.min(Math.max((perM2 - lo.perM2) / (hi.perM2 - lo.perM2), 0), 1);
  out[o] = lo.rgb[0] + (hi.rgb[0] - lo.rgb[0]) * t;
  out[o + 1] = lo.rgb[1] + (hi.rgb[1] - lo.rgb[1]) * t;
  out[o + 2] = lo.rgb[2] + (hi.rgb[2] - lo.rgb[2]) * t;
  out[o + 3] = Math.min(90 + perM2 * 30, 210);
}

/** Fills an RGBA texture from per-zone densities; cells outside every zone stay transparent. */
export function paintDensity(grid: DensityGrid, densityOf: (zoneId: string) => number | undefined, out: Uint8Array): void {
  out.fill(0);
  for (const [zoneId, cells] of grid.cellsByZone) {
    const perM2 = densityOf(zoneId);
    if (perM2 === undefined) continue;
    for (let i = 0; i < cells.length; i++) densityColour(perM2, out, cells[i]! * 4);
  }
}
