import type { CoverageCamera } from "../contracts/coverage";
import { prepareCamera, type PreparedCamera } from "./camera";
import type { CoverageGrid } from "./grid";
import { createScratch, sweepCamera, type SweepResult, type SweepScratch, type SweepTarget } from "./sweep";

// Coverage state of one analysis: per cell the best px/m and the number of cameras seeing it,
// plus every camera's contribution (visible cells and their px/m) so that adding, moving or
// removing one camera updates exactly the cells it touches (issue 7: incremental update).

export interface Contribution {
  camera: CoverageCamera;
  /**
   * Visible cells (row-major indices) and the px/m each gets from this camera. After a batch
   * (addAll, parallel computeAll) these are views of a shared arena: read them, don't keep
   * them past the next full recompute.
   */
  cells: Int32Array;
  pxPerM: Float32Array;
  /** Conservative cell bounds of everything this camera could see: [col0, row0, col1, row1]. */
  bounds: [number, number, number, number];
}

export interface ComputeStats {
  cameras: number;
  visiblePairs: number;
  /** (camera, cell) pairs inside range and plan sector that were decided (see sweep.ts). */
  tests: number;
  /** Of those, the pairs inside the frustum, whose occlusion was tested cell by cell. */
  frustumPairs: number;
}

export class UnknownCameraError extends Error {
  constructor(readonly cameraId: string) {
    super(`Camera ${cameraId} is not part of this coverage analysis`);
    this.name = "UnknownCameraError";
  }
}

export class CoverageEngine {
  readonly best: Float32Array;
  readonly count: Uint16Array;
  private readonly contributions = new Map<string, Contribution>();
  private readonly scratch: SweepScratch;
  /** Batch output: addAll's contributions are views into it, valid until the next clear(). */
  private readonly arena: SweepScratch;
  private arenaUsed = 0;
  private readonly dirty: Uint8Array;

  constructor(readonly grid: CoverageGrid, readonly targetHeightM: number) {
    const n = grid.width * grid.height;
    // A grid in shared memory gets shared results too, so worker threads can write them (parallel.ts).
    // Browsers without cross-origin isolation have no SharedArrayBuffer at all.
    const shared = typeof SharedArrayBuffer !== "undefined" && grid.packed.buffer instanceof SharedArrayBuffer;
    this.best = new Float32Array(shared ? new SharedArrayBuffer(n * 4) : new ArrayBuffer(n * 4));
    this.count = new Uint16Array(shared ? new SharedArrayBuffer(n * 2) : new ArrayBuffer(n * 2));
    this.dirty = new Uint8Array(n);
    this.scratch = createScratch(grid);
    this.arena = { ...createScratch(grid, 1 << 20), horizonA: this.scratch.horizonA, horizonB: this.scratch.horizonB };
  }

  cameras(): CoverageCamera[] {
    return [...this.contributions.values()].map((c) => c.camera);
  }

  contribution(cameraId: string): Contribution | undefined {
    return this.contributions.get(cameraId);
  }

  /** Drops all cameras and recomputes from scratch on this thread. */
  computeAll(cameras: readonly CoverageCamera[]): ComputeStats {
    this.drop();
    return this.addAll(cameras, {}, new RowZeroer(this.best, this.count, this.grid.width, 0, this.grid.height));
  }

  /**
   * Adds cameras (ids not yet present) on this thread, in space-filling-curve order so that
   * consecutive sweeps find the raster and result cells they share still in cache.
   */
  addAll(cameras: readonly CoverageCamera[], split: Omit<SweepTarget, "best" | "count"> = {}, zero: RowZeroer | null = null): ComputeStats {
    const prepared = cameras.map((c) => prepareCamera(c, this.grid, this.targetHeightM));
    const order = spatialOrder(prepared);
    let next = 0;
    const swept = this.addClaimed(cameras, prepared, () => (next < order.length ? order[next++]! : -1), split, zero);
    const stats: ComputeStats = { ...swept.stats, cameras: cameras.length };
    for (const c of swept.made) this.contributions.set(c.camera.id, c); // cameras() keeps the input order
    return stats;
  }

  /**
   * Sweeps the cameras that `claim` hands out (indices into `cameras`, −1 when there are no
   * more) into best/count and the batch arena, and returns their contributions (not yet added;
   * see adoptAll). The parallel recompute claims cameras one by one against the other threads.
   * With `zero`, best/count rows are zeroed just before a sweep first reaches them, and the
   * remaining ones at the end (see RowZeroer).
   */
  addClaimed(cameras: readonly CoverageCamera[], prepared: readonly PreparedCamera[], claim: () => number,
    split: Omit<SweepTarget, "best" | "count"> = {}, zero: RowZeroer | null = null): { stats: ComputeStats; indices: number[]; made: Contribution[] } {
    const stats: ComputeStats = { cameras: 0, visiblePairs: 0, tests: 0, frustumPairs: 0 };
    const target: SweepTarget = { ...split, best: this.best, count: this.count };
    const made = new Array<Contribution>(cameras.length), indices: number[] = [];
    for (let k = claim(); k >= 0; k = claim()) {
      const p = prepared[k]!, start = this.arenaUsed, bounds = boundsOf(this.grid, p.gx, p.gy, p.reachCells);
      zero?.cover(bounds[1], bounds[3]);
      const r = sweepCamera(this.grid, p, this.arena, target, start);
      this.arenaUsed = start + r.visible;
      made[k] = {
        camera: cameras[k]!,
        cells: this.arena.idx.subarray(start, this.arenaUsed),
        pxPerM: this.arena.px.subarray(start, this.arenaUsed),
        bounds,
      };
      indices.push(k);
      stats.cameras++;
      stats.visiblePairs += r.visible;
      stats.tests += r.tests;
      stats.frustumPairs += r.frustumPairs;
    }
    zero?.finish();
    return { stats, indices, made };
  }

  /**
   * Drops all cameras. Zeroes best/count over cells [from, to) only: a parallel recompute has
   * each thread zero the rows it owns (parallel.ts), so the 26 MB clear is split as well.
   */
  clear(from = 0, to = this.best.length): void {
    this.best.fill(0, from, to);
    this.count.fill(0, from, to);
    this.drop();
  }

  /** Drops all cameras, leaving best/count as they are (a recompute zeroes them as it goes). */
  drop(): void {
    this.contributions.clear();
    this.arenaUsed = 0;
  }

  /** Cell bounds of everything a prepared camera could see (Contribution.bounds). */
  boundsOf(p: Pick<PreparedCamera, "gx" | "gy" | "reachCells">): [number, number, number, number] {
    return boundsOf(this.grid, p.gx, p.gy, p.reachCells);
  }

  /** Takes contributions computed elsewhere (a worker) whose cells are already in best/count; cameras() lists them in this order. */
  adoptAll(contributions: readonly Contribution[]): void {
    for (const c of contributions) this.contributions.set(c.camera.id, c);
  }

  /** Adds a camera or replaces one with the same id (moved, re-aimed, new lens). */
  setCamera(camera: CoverageCamera): ComputeStats {
    const old = this.contributions.get(camera.id);
    if (old) this.withdraw(old);
    const r = this.sweepInto(camera);
    if (old) this.restoreDirty(old, camera.id);
    return { cameras: 1, visiblePairs: r.visible, tests: r.tests, frustumPairs: r.frustumPairs };
  }

  removeCamera(cameraId: string): void {
    const old = this.contributions.get(cameraId);
    if (!old) throw new UnknownCameraError(cameraId);
    this.withdraw(old);
    this.contributions.delete(cameraId);
    this.restoreDirty(old, null);
  }

  /** Visible cells of a camera that is not (yet) part of the analysis; the state is untouched. */
  probe(camera: CoverageCamera): { cells: Int32Array; pxPerM: Float32Array; tests: number } {
    const prepared = prepareCamera(camera, this.grid, this.targetHeightM);
    const r = sweepCamera(this.grid, prepared, this.scratch, { best: null, count: null });
    return { cells: this.scratch.idx.subarray(0, r.visible), pxPerM: this.scratch.px.subarray(0, r.visible), tests: r.tests };
  }

  private sweepInto(camera: CoverageCamera): SweepResult {
    const prepared = prepareCamera(camera, this.grid, this.targetHeightM);
    const r = sweepCamera(this.grid, prepared, this.scratch, { best: this.best, count: this.count });
    this.contributions.set(camera.id, {
      camera,
      cells: this.scratch.idx.slice(0, r.visible),
      pxPerM: this.scratch.px.slice(0, r.visible),
      bounds: boundsOf(this.grid, prepared.gx, prepared.gy, prepared.reachCells),
    });
    return r;
  }

  /** Removes a contribution's counts; cells where it was the best are zeroed and marked dirty. */
  private withdraw(old: Contribution): void {
    const { best, count, dirty } = this;
    const { cells, pxPerM } = old;
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i]!;
      count[cell] = count[cell]! - 1;
      if (pxPerM[i]! >= best[cell]!) {
        best[cell] = 0;
        dirty[cell] = 1;
      }
    }
  }

  /** Rebuilds best px/m of the dirty cells from every other camera that can reach them. */
  private restoreDirty(old: Contribution, replacedBy: string | null): void {
    const { best, dirty } = this;
    const [c0, r0, c1, r1] = old.bounds;
    for (const other of this.contributions.values()) {
      if (other.camera.id === replacedBy) continue; // already merged by its sweep
      const [d0, s0, d1, s1] = other.bounds;
      if (d1 < c0 || d0 > c1 || s1 < r0 || s0 > r1) continue;
      const { cells, pxPerM } = other;
      for (let i = 0; i < cells.length; i++) {
        const cell = cells[i]!;
        if (dirty[cell] === 1 && pxPerM[i]! > best[cell]!) best[cell] = pxPerM[i]!;
      }
    }
    const cells = old.cells;
    for (let i = 0; i < cells.length; i++) dirty[cells[i]!] = 0;
  }
}

export function boundsOf(grid: CoverageGrid, gx: number, gy: number, reachCells: number): [number, number, number, number] {
  const r = Math.ceil(reachCells) + 1;
  return [
    Math.max(0, Math.floor(gx) - r), Math.max(0, Math.floor(gy) - r),
    Math.min(grid.width - 1, Math.floor(gx) + r), Math.min(grid.height - 1, Math.floor(gy) + r),
  ];
}

/** Hilbert-curve index of (x, y) in a 2^order square (the classic xy2d). */
export function hilbertIndex(x: number, y: number, order: number): number {
  let d = 0;
  for (let s = 1 << (order - 1); s > 0; s >>= 1) {
    const rx = (x & s) > 0 ? 1 : 0, ry = (y & s) > 0 ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    if (ry === 0) {
      if (rx === 1) { x = s - 1 - x; y = s - 1 - y; }
      const t = x; x = y; y = t;
    }
  }
  return d;
}

/** Cells per Hilbert tile: cameras this close share most of their raster reads. */
const ORDER_TILE_CELLS = 32;

/** Indices of the cameras in Hilbert order of their position (ties keep the input order). */
export function spatialOrder(cameras: readonly Pick<PreparedCamera, "gx" | "gy">[]): number[] {
  const keys = cameras.map((p) => hilbertIndex(Math.max(0, Math.floor(p.gx / ORDER_TILE_CELLS)) & 0xffff,
    Math.max(0, Math.floor(p.gy / ORDER_TILE_CELLS)) & 0xffff, 16));
  return cameras.map((_, i) => i).sort((a, b) => keys[a]! - keys[b]! || a - b);
}

/**
 * Zeroes best/count over rows [from, to) lazily: each run of rows just before a sweep first
 * writes it, so its lines are still in cache when the sweep reads them back (instead of one
 * 26 MB pass whose lines are long evicted by then), and whatever is left at the end. A sweep
 * writes only within its camera's bounds (engine.boundsOf), announced with `cover`, so the
 * arrays end up exactly as if zeroed first.
 */
export class RowZeroer {
  private readonly zeroed: Uint8Array;

  constructor(private readonly best: Float32Array, private readonly count: Uint16Array, private readonly width: number,
    private readonly from: number, private readonly to: number) {
    this.zeroed = new Uint8Array(Math.max(0, to - from));
  }

  /** Zeroes the rows of [r0, r1] (within [from, to)) not zeroed yet. */
  cover(r0: number, r1: number): void {
    const { zeroed, from, width } = this;
    const last = Math.min(r1, this.to - 1);
    for (let r = Math.max(r0, from); r <= last; r++) {
      if (zeroed[r - from] === 1) continue;
      let end = r;
      while (end < last && zeroed[end + 1 - from] === 0) end++;
      zeroed.fill(1, r - from, end + 1 - from);
      this.best.fill(0, r * width, (end + 1) * width);
      this.count.fill(0, r * width, (end + 1) * width);
      r = end;
    }
  }

  /** Zeroes every row not zeroed yet. */
  finish(): void {
    this.cover(this.from, this.to - 1);
  }
}

/**
 * Folds a thread's spill (see SweepTarget) over cells [from, to) into best/count, zeroing the
 * spill there. Only cells the spill touched are visited twice (best is 0 wherever count is).
 */
export function foldSpill(best: Float32Array, count: Uint16Array, spillBest: Float32Array, spillCount: Uint16Array,
  from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const n = spillCount[i]!;
    if (n === 0) continue;
    const x = spillBest[i]!;
    if (x > best[i]!) best[i] = x;
    count[i] = count[i]! + n;
    spillBest[i] = 0;
    spillCount[i] = 0;
  }
}
