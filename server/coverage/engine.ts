import type { CoverageCamera } from "../contracts/coverage";
import { prepareCamera, type PreparedCamera } from "./camera";
import type { CoverageGrid } from "./grid";
import { bestPxPerMOf, bestQuantaOf, cameraCountOf, merged, withBest } from "./cell-words";
import { RUN_INTS, runCells, runQuanta } from "./runs";
import { allocateCellWords, foldCameraRuns, RunFolder } from "./run-folder";
import { createScratch, sweepCamera, type SweepResult, type SweepScratch } from "./sweep";

// Coverage state of one analysis: per cell the best px/m and the number of cameras seeing it
// (one word per cell, cell-words.ts), plus every camera's contribution (its visible cells, as
// runs) so that adding, moving or removing one camera updates exactly the cells it touches
// (issue 7: incremental update).

export interface Contribution {
  camera: CoverageCamera;
  prepared: PreparedCamera;
  /**
   * Visible cells as runs (runs.ts: RUN_INTS integers each); runQuanta gives each cell's
   * density. After a batch (addAll, parallel computeAll) this is a view of a shared arena: read
   * it, don't keep it past the next full recompute.
   */
  runs: Int32Array;
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

/**
 * A thread's share of a parallel recompute: it owns the rows [ownRow0, ownRow1) of the shared
 * words and writes its cameras' cells in other rows to its own spill words, folded in once every
 * thread is done (parallel.ts). Default: all rows are owned.
 */
export interface BatchSplit {
  ownRow0?: number;
  ownRow1?: number;
  spill?: Int32Array;
}

export interface EngineOptions {
  /** Fold with WebAssembly where it runs (default); false: the JavaScript fold (tests compare the two). */
  wasm?: boolean;
}

export class UnknownCameraError extends Error {
  constructor(readonly cameraId: string) {
    super(`Camera ${cameraId} is not part of this coverage analysis`);
    this.name = "UnknownCameraError";
  }
}

export class CoverageEngine {
  /** Per cell: best px/m and camera count (cell-words.ts). */
  readonly words: Int32Array;
  /** The WebAssembly memory holding the words (run-folder.ts), or null. Parallel workers fold into it. */
  readonly cellMemory: WebAssembly.Memory | null;
  private readonly folder: RunFolder | null;
  private readonly contributions = new Map<string, Contribution>();
  private readonly scratch: SweepScratch;
  /** Batch output: addAll's contributions are views into it, valid until the next drop() (every full recompute drops). */
  private readonly arena: SweepScratch;
  /** Runs used in the arena. */
  private arenaUsed = 0;
  private readonly dirty: Uint8Array;
  /** A contribution's cells and densities, spelled out (runQuanta). */
  private cellBuf = new Int32Array(1 << 16);
  private quantaBuf = new Int32Array(1 << 16);

  constructor(readonly grid: CoverageGrid, readonly targetHeightM: number, options: EngineOptions = {}) {
    const n = grid.width * grid.height;
    // A grid in shared memory gets shared results too, so worker threads can write them (parallel.ts).
    // Browsers without cross-origin isolation have no SharedArrayBuffer at all.
    const shared = typeof SharedArrayBuffer !== "undefined" && grid.packed.buffer instanceof SharedArrayBuffer;
    const cells = allocateCellWords(n, shared, options.wasm ?? true);
    this.words = cells.words;
    this.cellMemory = cells.memory;
    this.folder = RunFolder.of(cells.memory, n, 0);
    this.dirty = new Uint8Array(n);
    this.scratch = createScratch(grid);
    this.arena = { ...createScratch(grid, 1 << 18), horizonA: this.scratch.horizonA, horizonB: this.scratch.horizonB,
      columnRuns: this.scratch.columnRuns };
  }

  /** Best px/m at a cell (0: no camera sees it), to a quarter px/m (cell-words.ts). */
  bestPxPerM(cell: number): number {
    return bestPxPerMOf(this.words[cell]!);
  }

  /** Cameras seeing a cell. */
  cameraCount(cell: number): number {
    return cameraCountOf(this.words[cell]!);
  }

  /** A camera's visible cells and the density each gets from it (quanta, cell-words.ts); fresh arrays. */
  cellsOf(cameraId: string): { cells: Int32Array; quanta: Int32Array } {
    const c = this.contributions.get(cameraId);
    if (!c) throw new UnknownCameraError(cameraId);
    const n = this.spellOut(c.prepared, c.runs, null);
    return { cells: this.cellBuf.slice(0, n), quanta: this.quantaBuf.slice(0, n) };
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
    return this.addAll(cameras, {}, new RowZeroer(this.words, this.grid.width, 0, this.grid.height));
  }

  /**
   * Adds cameras (ids not yet present) on this thread, in space-filling-curve order so that
   * consecutive sweeps find the raster and result cells they share still in cache.
   */
  addAll(cameras: readonly CoverageCamera[], split: BatchSplit = {}, zero: RowZeroer | null = null): ComputeStats {
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
   * more) into the words and the batch arena, and returns their contributions (not yet added;
   * see adoptAll). The parallel recompute claims cameras one by one against the other threads.
   * With `zero`, rows of words are zeroed just before a sweep first reaches them, and the
   * remaining ones at the end (see RowZeroer).
   */
  addClaimed(cameras: readonly CoverageCamera[], prepared: readonly PreparedCamera[], claim: () => number,
    split: BatchSplit = {}, zero: RowZeroer | null = null): { stats: ComputeStats; indices: number[]; made: Contribution[] } {
    const stats: ComputeStats = { cameras: 0, visiblePairs: 0, tests: 0, frustumPairs: 0 };
    const own0 = split.ownRow0 ?? 0, own1 = split.ownRow1 ?? this.grid.height, spill = split.spill ?? this.words;
    const made = new Array<Contribution>(cameras.length), indices: number[] = [];
    for (let k = claim(); k >= 0; k = claim()) {
      const p = prepared[k]!, start = this.arenaUsed, bounds = boundsOf(this.grid, p.gx, p.gy, p.reachCells);
      zero?.cover(bounds[1], bounds[3]);
      // The camera's runs first, then their cells into the words: two tight loops, each with
      // its own working set in cache, instead of both interleaved column by column.
      const r = sweepCamera(this.grid, p, this.arena, {}, start);
      foldCameraRuns(this.folder, this.grid, p, this.arena.runs, start, start + r.runs, this.words, spill, own0, own1, [bounds[1], bounds[3]]);
      this.arenaUsed = start + r.runs;
      made[k] = { camera: cameras[k]!, prepared: p, runs: this.arena.runs.subarray(start * RUN_INTS, this.arenaUsed * RUN_INTS), bounds };
      indices.push(k);
      stats.cameras++;
      stats.visiblePairs += r.visible;
      stats.tests += r.tests;
      stats.frustumPairs += r.frustumPairs;
    }
    zero?.finish();
    return { stats, indices, made };
  }

  /** Drops all cameras, leaving the words as they are (a recompute zeroes them as it goes). */
  drop(): void {
    this.contributions.clear();
    this.arenaUsed = 0;
  }

  /** Cell bounds of everything a prepared camera could see (Contribution.bounds). */
  boundsOf(p: Pick<PreparedCamera, "gx" | "gy" | "reachCells">): [number, number, number, number] {
    return boundsOf(this.grid, p.gx, p.gy, p.reachCells);
  }

  /** Takes contributions computed elsewhere (a worker) whose cells are already in the words; cameras() lists them in this order. */
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

  /**
   * Visible cells of a camera that is not (yet) part of the analysis and the density each
   * would get (quanta, cell-words.ts); the state is untouched. The arrays are reused by the next call.
   */
  probe(camera: CoverageCamera): { cells: Int32Array; quanta: Int32Array; tests: number } {
    const prepared = prepareCamera(camera, this.grid, this.targetHeightM);
    const r = sweepCamera(this.grid, prepared, this.scratch);
    const n = this.spellOut(prepared, this.scratch.runs.subarray(0, r.runs * RUN_INTS), null);
    return { cells: this.cellBuf.subarray(0, n), quanta: this.quantaBuf.subarray(0, n), tests: r.tests };
  }

  private sweepInto(camera: CoverageCamera): SweepResult {
    const prepared = prepareCamera(camera, this.grid, this.targetHeightM);
    const r = sweepCamera(this.grid, prepared, this.scratch);
    foldCameraRuns(this.folder, this.grid, prepared, this.scratch.runs, 0, r.runs, this.words, this.words, 0, this.grid.height,
      [0, this.grid.height - 1]);
    this.contributions.set(camera.id, {
      camera, prepared,
      runs: this.scratch.runs.slice(0, r.runs * RUN_INTS),
      bounds: boundsOf(this.grid, prepared.gx, prepared.gy, prepared.reachCells),
    });
    return r;
  }

  /** Spells a contribution's runs out into cellBuf/quantaBuf (only the cells where `only` is set, when given). */
  private spellOut(prepared: PreparedCamera, runs: Int32Array, only: Uint8Array | null): number {
    const count = runs.length / RUN_INTS, cells = runCells(runs, 0, count);
    if (cells > this.cellBuf.length) {
      let cap = this.cellBuf.length;
      while (cap < cells) cap *= 2;
      this.cellBuf = new Int32Array(cap);
      this.quantaBuf = new Int32Array(cap);
    }
    return runQuanta(this.grid, prepared, runs, 0, count, only, this.cellBuf, this.quantaBuf);
  }

  /** Removes a contribution's counts; cells where it was the best lose their best and are marked dirty. */
  private withdraw(old: Contribution): void {
    const { words, dirty } = this;
    const n = this.spellOut(old.prepared, old.runs, null), cells = this.cellBuf, quanta = this.quantaBuf;
    for (let i = 0; i < n; i++) {
      const cell = cells[i]!, w = words[cell]! - 1;
      if (quanta[i]! >= bestQuantaOf(w)) {
        words[cell] = withBest(w, 0);
        dirty[cell] = 1;
      } else {
        words[cell] = w;
      }
    }
  }

  /** Rebuilds the best density of the dirty cells from every other camera that can reach them. */
  private restoreDirty(old: Contribution, replacedBy: string | null): void {
    const { words, dirty } = this;
    const [c0, r0, c1, r1] = old.bounds;
    for (const other of this.contributions.values()) {
      if (other.camera.id === replacedBy) continue; // already merged by its sweep
      const [d0, s0, d1, s1] = other.bounds;
      if (d1 < c0 || d0 > c1 || s1 < r0 || s0 > r1) continue;
      const n = this.spellOut(other.prepared, other.runs, dirty), cells = this.cellBuf, quanta = this.quantaBuf;
      for (let i = 0; i < n; i++) {
        const cell = cells[i]!, w = words[cell]!;
        if (quanta[i]! > bestQuantaOf(w)) words[cell] = withBest(w, quanta[i]!);
      }
    }
    const n = this.spellOut(old.prepared, old.runs, dirty), cells = this.cellBuf;
    for (let i = 0; i < n; i++) dirty[cells[i]!] = 0;
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
 * Zeroes the words over rows [from, to) lazily: each run of rows just before a sweep first
 * writes it, so its lines are still in cache when the sweep reads them back (instead of one
 * 17 MB pass whose lines are long evicted by then), and whatever is left at the end. A sweep
 * writes only within its camera's bounds (engine.boundsOf), announced with `cover`, so the
 * words end up exactly as if zeroed first.
 */
export class RowZeroer {
  private readonly zeroed: Uint8Array;
  /** The first run of zeroed rows [doneLo, doneHi] (cameras come strip by strip, so most requests fall inside it). */
  private doneLo = 0;
  private doneHi = -1;

  constructor(private readonly words: Int32Array, private readonly width: number,
    private readonly from: number, private readonly to: number) {
    this.zeroed = new Uint8Array(Math.max(0, to - from));
  }

  /** Zeroes the rows of [r0, r1] (within [from, to)) not zeroed yet. */
  cover(r0: number, r1: number): void {
    const { zeroed, from, width } = this;
    const first = Math.max(r0, from), last = Math.min(r1, this.to - 1);
    if (first >= this.doneLo && last <= this.doneHi) return;
    for (let r = first; r <= last; r++) {
      if (zeroed[r - from] === 1) continue;
      let end = r;
      while (end < last && zeroed[end + 1 - from] === 0) end++;
      zeroed.fill(1, r - from, end + 1 - from);
      this.words.fill(0, r * width, (end + 1) * width);
      r = end;
    }
    if (this.doneHi < this.doneLo) [this.doneLo, this.doneHi] = [first, last];
    // Grow the known run over the zeroed rows next to it.
    while (this.doneLo > from && zeroed[this.doneLo - 1 - from] === 1) this.doneLo--;
    while (this.doneHi < this.to - 1 && zeroed[this.doneHi + 1 - from] === 1) this.doneHi++;
  }

  /** Zeroes every row not zeroed yet. */
  finish(): void {
    this.cover(this.from, this.to - 1);
  }
}

/**
 * Folds a thread's spill words (see BatchSplit) over cells [from, to) into the words, zeroing
 * the spill there. Only cells the spill touched are visited twice.
 */
export function foldSpill(words: Int32Array, spill: Int32Array, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const s = spill[i]!;
    if (s === 0) continue;
    words[i] = merged(words[i]!, bestQuantaOf(s), cameraCountOf(s));
    spill[i] = 0;
  }
}
