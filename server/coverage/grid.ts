import type { LineM, PointM } from "../contracts/geometry";

// The analysis raster. Isomorphic: no Node or DOM imports (runs in worker_threads and Web Workers).
// Cell (col, row) covers east [originE + col·s, +s) and north [originN + row·s, +s); row-major
// index = row·width + col. Obstacles (buildings, walls) are rasterised once by cell centre.

export interface CoverageGrid {
  originE: number;
  originN: number;
  cellSizeM: number;
  width: number;
  height: number;
  /** Obstacle top (m above ground) per cell, row-major; 0 = open ground. */
  heights: Float32Array;
  /** 1 where the cell is inside a building or wall (not open ground a person can stand on). */
  solid: Uint8Array;
  /**
   * The sweep's copy of heights and solid in one 16-bit word per cell (see packCell): half the
   * bytes and one load per cell. Row-major, and transposed (index = col·height + row) so that
   * the east/west wedges of the sweep read contiguously too.
   */
  packed: Uint16Array;
  packedT: Uint16Array;
  /**
   * 1 where a run of OPEN_BLOCK_CELLS packed words (of one row of `packed`, resp. one column of
   * `packedT`) holds an obstacle: the sweep skips reading stretches of open ground.
   * Index = line · blocksPerLine + (offset in the line >> OPEN_BLOCK_SHIFT).
   */
  blocks: Uint8Array;
  blocksT: Uint8Array;
}

export const OPEN_BLOCK_SHIFT = 4;
export const OPEN_BLOCK_CELLS = 1 << OPEN_BLOCK_SHIFT;

/** Blocks per line of `packed` (a row of `width` cells) or of `packedT` (a column of `height`). */
export function blocksPerLine(cells: number): number {
  return (cells + OPEN_BLOCK_CELLS - 1) >> OPEN_BLOCK_SHIFT;
}

/** Height step of the packed raster (m): 1/64 m, exact in binary; heights clamp at 511.98 m. */
export const PACKED_STEP_M = 1 / 64;
export const PACKED_SOLID = 0x8000;
const PACKED_MAX = 0x7fff;

/** Packs a cell: bit 15 = solid, bits 0–14 = height in PACKED_STEP_M units, rounded. */
export function packCell(heightM: number, solid: boolean): number {
  return Math.min(PACKED_MAX, Math.max(0, Math.round(heightM / PACKED_STEP_M))) | (solid ? PACKED_SOLID : 0);
}

export interface Obstacle {
  kind: "building" | "wall";
  /** Building footprint ring, or wall polyline. */
  line: LineM;
  heightM: number;
  /** Wall thickness (m); ignored for buildings. */
  widthM: number;
}

export class GridTooLargeError extends Error {
  constructor(readonly cells: number, readonly maxCells: number) {
    super(`Coverage grid of ${cells} cells exceeds the limit of ${maxCells}`);
    this.name = "GridTooLargeError";
  }
}

const MAX_CELLS = 40_000_000;

/** Allocates typed-array storage, shared between threads when the runtime allows it. */
function buffer(bytes: number, shared: boolean): ArrayBuffer | SharedArrayBuffer {
  return shared && typeof SharedArrayBuffer !== "undefined" ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
}

export interface GridExtent { minE: number; minN: number; maxE: number; maxN: number }

export function createGrid(extent: GridExtent, cellSizeM: number, shared = false): CoverageGrid {
  const width = Math.max(1, Math.ceil((extent.maxE - extent.minE) / cellSizeM));
  const height = Math.max(1, Math.ceil((extent.maxN - extent.minN) / cellSizeM));
  if (width * height > MAX_CELLS) throw new GridTooLargeError(width * height, MAX_CELLS);
  const n = width * height;
  return {
    originE: extent.minE, originN: extent.minN, cellSizeM, width, height,
    heights: new Float32Array(buffer(n * 4, shared)),
    solid: new Uint8Array(buffer(n, shared)),
    packed: new Uint16Array(buffer(n * 2, shared)),
    packedT: new Uint16Array(buffer(n * 2, shared)),
    blocks: new Uint8Array(buffer(height * blocksPerLine(width), shared)),
    blocksT: new Uint8Array(buffer(width * blocksPerLine(height), shared)),
  };
}

export type GridMeta = Omit<CoverageGrid, "heights" | "solid" | "packed" | "packedT" | "blocks" | "blocksT">;
export interface GridBuffers {
  heights: ArrayBufferLike; solid: ArrayBufferLike; packed: ArrayBufferLike; packedT: ArrayBufferLike;
  blocks: ArrayBufferLike; blocksT: ArrayBufferLike;
}

export function metaOf(grid: CoverageGrid): GridMeta {
  return { originE: grid.originE, originN: grid.originN, cellSizeM: grid.cellSizeM, width: grid.width, height: grid.height };
}

/** Wraps existing (e.g. transferred or shared) buffers as a grid. */
export function gridFromBuffers(meta: GridMeta, b: GridBuffers): CoverageGrid {
  return {
    ...meta, heights: new Float32Array(b.heights), solid: new Uint8Array(b.solid),
    packed: new Uint16Array(b.packed), packedT: new Uint16Array(b.packedT),
    blocks: new Uint8Array(b.blocks), blocksT: new Uint8Array(b.blocksT),
  };
}

export function extentOf(points: Iterable<PointM>, marginM: number): GridExtent {
  let minE = Infinity, minN = Infinity, maxE = -Infinity, maxN = -Infinity;
  for (const [e, n] of points) {
    if (e < minE) minE = e;
    if (e > maxE) maxE = e;
    if (n < minN) minN = n;
    if (n > maxN) maxN = n;
  }
  if (!Number.isFinite(minE)) throw new Error("Invariant: coverage extent needs at least one point");
  return { minE: minE - marginM, minN: minN - marginM, maxE: maxE + marginM, maxN: maxN + marginM };
}

/** Calls `visit(col, row)` for every cell whose centre lies inside the ring (even-odd rule). */
export function forEachCellInPolygon(grid: CoverageGrid, ring: LineM, visit: (col: number, row: number) => void): void {
  const s = grid.cellSizeM;
  let minN = Infinity, maxN = -Infinity;
  for (const p of ring) { minN = Math.min(minN, p[1]); maxN = Math.max(maxN, p[1]); }
  const row0 = Math.max(0, Math.ceil((minN - grid.originN) / s - 0.5));
  const row1 = Math.min(grid.height - 1, Math.floor((maxN - grid.originN) / s - 0.5));
  const xs: number[] = [];
  for (let row = row0; row <= row1; row++) {
    const y = grid.originN + (row + 0.5) * s;
    xs.length = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const a = ring[i] as PointM, b = ring[j] as PointM;
      if ((a[1] > y) !== (b[1] > y)) xs.push(a[0] + ((y - a[1]) / (b[1] - a[1])) * (b[0] - a[0]));
    }
    xs.sort((p, q) => p - q);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const c0 = Math.max(0, Math.ceil(((xs[k] as number) - grid.originE) / s - 0.5));
      const c1 = Math.min(grid.width - 1, Math.ceil(((xs[k + 1] as number) - grid.originE) / s - 0.5) - 1);
      for (let col = c0; col <= c1; col++) visit(col, row);
    }
  }
}

/**
 * Calls `visit` for every cell whose centre is within `radiusM` of the segment a–b. With
 * radius ≥ half the cell diagonal every cell the segment crosses is included, so a thin wall
 * leaves no diagonal gap a sight line could slip through.
 */
export function forEachCellNearSegment(grid: CoverageGrid, a: PointM, b: PointM, radiusM: number,
  visit: (col: number, row: number) => void): void {
  const s = grid.cellSizeM;
  const c0 = Math.max(0, Math.floor((Math.min(a[0], b[0]) - radiusM - grid.originE) / s));
  const c1 = Math.min(grid.width - 1, Math.floor((Math.max(a[0], b[0]) + radiusM - grid.originE) / s));
  const r0 = Math.max(0, Math.floor((Math.min(a[1], b[1]) - radiusM - grid.originN) / s));
  const r1 = Math.min(grid.height - 1, Math.floor((Math.max(a[1], b[1]) + radiusM - grid.originN) / s));
  const ex = b[0] - a[0], ey = b[1] - a[1];
  const len2 = ex * ex + ey * ey;
  const r2 = radiusM * radiusM;
  for (let row = r0; row <= r1; row++) {
    const y = grid.originN + (row + 0.5) * s;
    for (let col = c0; col <= c1; col++) {
      const x = grid.originE + (col + 0.5) * s;
      const t = len2 > 0 ? Math.max(0, Math.min(1, ((x - a[0]) * ex + (y - a[1]) * ey) / len2)) : 0;
      const dx = x - (a[0] + t * ex), dy = y - (a[1] + t * ey);
      if (dx * dx + dy * dy <= r2) visit(col, row);
    }
  }
}

/** Burns buildings and walls into the height raster (keeping the higher obstacle per cell). */
export function rasteriseObstacles(grid: CoverageGrid, obstacles: readonly Obstacle[]): void {
  const { heights, solid, packed, packedT, blocks, blocksT, width, height } = grid;
  const perRow = blocksPerLine(width), perCol = blocksPerLine(height);
  for (const o of obstacles) {
    const burn = (col: number, row: number): void => {
      const i = row * width + col;
      solid[i] = 1;
      if (o.heightM > (heights[i] as number)) heights[i] = o.heightM;
      packed[i] = packedT[col * height + row] = packCell(heights[i] as number, true);
      blocks[row * perRow + (col >> OPEN_BLOCK_SHIFT)] = 1;
      blocksT[col * perCol + (row >> OPEN_BLOCK_SHIFT)] = 1;
    };
    if (o.kind === "building") {
      forEachCellInPolygon(grid, o.line, burn);
    } else {
      const radiusM = Math.max(o.widthM / 2, grid.cellSizeM * 0.7072);
      for (let k = 0; k + 1 < o.line.length; k++) {
        forEachCellNearSegment(grid, o.line[k] as PointM, o.line[k + 1] as PointM, radiusM, burn);
      }
    }
  }
}
