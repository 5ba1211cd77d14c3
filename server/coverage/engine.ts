import type { CoverageCamera } from "../contracts/coverage";
import { prepareCamera } from "./camera";
import type { CoverageGrid } from "./grid";
import { createScratch, sweepCamera, type SweepScratch } from "./sweep";

// Coverage state of one analysis: per cell the best px/m and the number of cameras seeing it,
// plus every camera's contribution (visible cells and their px/m) so that adding, moving or
// removing one camera updates exactly the cells it touches (issue 7: incremental update).

export interface Contribution {
  camera: CoverageCamera;
  /** Visible cells (row-major indices) and the px/m each gets from this camera. */
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
  private readonly dirty: Uint8Array;

  constructor(readonly grid: CoverageGrid, readonly targetHeightM: number) {
    const n = grid.width * grid.height;
    this.best = new Float32Array(n);
    this.count = new Uint16Array(n);
    this.dirty = new Uint8Array(n);
    this.scratch = createScratch(grid);
  }

  cameras(): CoverageCamera[] {
    return [...this.contributions.values()].map((c) => c.camera);
  }

  contribution(cameraId: string): Contribution | undefined {
    return this.contributions.get(cameraId);
  }

  /** Drops all cameras and recomputes from scratch on this thread. */
  computeAll(cameras: readonly CoverageCamera[]): ComputeStats {
    this.clear();
    return this.addAll(cameras);
  }

  /** Adds cameras (ids not yet present) on this thread. */
  addAll(cameras: readonly CoverageCamera[]): ComputeStats {
    const stats: ComputeStats = { cameras: cameras.length, visiblePairs: 0, tests: 0 };
    for (const cam of cameras) {
      const r = this.sweepInto(cam, true);
      stats.visiblePairs += r.visible;
      stats.tests += r.tests;
    }
    return stats;
  }

  clear(): void {
    this.best.fill(0);
    this.count.fill(0);
    this.contributions.clear();
  }

  /** Folds in per-cell results computed elsewhere (a worker) for cameras this engine lacks. */
  mergeCells(best: Float32Array, count: Uint16Array): void {
    const b = this.best, c = this.count;
    for (let i = 0; i < b.length; i++) {
      const x = best[i]!;
      if (x > b[i]!) b[i] = x;
      c[i] = c[i]! + count[i]!;
    }
  }

  /** Takes a contribution computed elsewhere (a worker) whose cells are already in best/count. */
  adopt(contribution: Contribution): void {
    this.contributions.set(contribution.camera.id, contribution);
  }

  /** Adds a camera or replaces one with the same id (moved, re-aimed, new lens). */
  setCamera(camera: CoverageCamera): ComputeStats {
    const old = this.contributions.get(camera.id);
    if (old) this.withdraw(old);
    const r = this.sweepInto(camera, true);
    if (old) this.restoreDirty(old, camera.id);
    return { cameras: 1, visiblePairs: r.visible, tests: r.tests };
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

  private sweepInto(camera: CoverageCamera, keep: boolean): { visible: number; tests: number } {
    const prepared = prepareCamera(camera, this.grid, this.targetHeightM);
    const r = sweepCamera(this.grid, prepared, this.scratch, { best: this.best, count: this.count });
    if (keep) {
      this.contributions.set(camera.id, {
        camera,
        cells: this.scratch.idx.slice(0, r.visible),
        pxPerM: this.scratch.px.slice(0, r.visible),
        bounds: boundsOf(this.grid, prepared.gx, prepared.gy, prepared.reachCells),
      });
    }
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
