import type { PreparedCamera } from "./camera";
import { FOLD_WASM_PLAIN, FOLD_WASM_SHARED } from "./fold-wasm";
import type { CoverageGrid } from "./grid";
import { accumulateRuns, RUN_INTS, runScaleOf, WEDGES, wedgeAxes } from "./runs";

// Where the cell words live and who folds runs into them. With WebAssembly SIMD (Node, and
// every current browser), the words sit at the start of a WebAssembly memory and fold.wat folds
// a camera's runs there, bit for bit what runs.ts's accumulateRuns does (test/coverage/
// run-folder.test.ts compares), only faster (see fold.wat). Without it, a plain (or shared)
// buffer and accumulateRuns. Isomorphic: no Node or DOM imports.
//
// Memory layout: the words, then FOLD_SLOTS slots, one per thread that folds at the same time
// (the engine's thread and its parallel workers): the runs being folded, copied in per call,
// and the camera's constants.

/** Threads that can fold into one memory at once: slot 0 is the engine's thread, the others workers'. */
export const FOLD_SLOTS = 4;
/** Runs copied into a slot per call (a camera has ~150; larger ones are folded in chunks). */
const SLOT_RUNS = 1 << 14;
/** Per wedge gu, gv, aX, aY, a0, sgn, then the density scale: 25 doubles (fold.wat reads P at byte 192). */
const PARAM_BYTES = 256;
const SLOT_BYTES = SLOT_RUNS * RUN_INTS * 4 + PARAM_BYTES;
const PAGE_BYTES = 65536;

export interface CellWords {
  words: Int32Array;
  /** The WebAssembly memory holding the words at byte 0 (null: plain buffer, JavaScript fold). */
  memory: WebAssembly.Memory | null;
}

type FoldRuns = (runs: number, count: number, params: number, W: number, words: number, own0: number, own1: number) => void;

const modules = new Map<string, WebAssembly.Module | null>();

/** The compiled fold module (shared or plain memory), or null where WebAssembly or its SIMD is missing. */
function foldModule(shared: boolean): WebAssembly.Module | null {
  const key = shared ? "shared" : "plain";
  if (!modules.has(key)) {
    let module: WebAssembly.Module | null = null;
    try {
      if (typeof WebAssembly !== "undefined") module = new WebAssembly.Module(bytesOf(shared ? FOLD_WASM_SHARED : FOLD_WASM_PLAIN));
    } catch {
      module = null; // no SIMD or no threads: the JavaScript fold gives the same words
    }
    modules.set(key, module);
  }
  return modules.get(key) ?? null;
}

function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64), bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** Byte offset of the first slot: after the words, 16-byte aligned. */
function slotsBase(cells: number): number {
  return Math.ceil((cells * 4) / 16) * 16;
}

/**
 * Zeroed words for `cells` cells, in shared memory when asked (worker threads write them), in
 * a WebAssembly memory when the fold module runs here. `wasm: false` forces the plain buffer (tests).
 */
export function allocateCellWords(cells: number, shared: boolean, wasm = true): CellWords {
  if (wasm && foldModule(shared) !== null) {
    const pages = Math.ceil((slotsBase(cells) + FOLD_SLOTS * SLOT_BYTES) / PAGE_BYTES);
    if (pages <= 65536) {
      const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared });
      return { words: new Int32Array(memory.buffer, 0, cells), memory };
    }
  }
  return { words: new Int32Array(shared ? new SharedArrayBuffer(cells * 4) : new ArrayBuffer(cells * 4)), memory: null };
}

/** Folds cameras' runs into words held in a WebAssembly memory, through one slot of it. */
export class RunFolder {
  private readonly foldRuns: FoldRuns;
  private readonly i32: Int32Array;
  private readonly f64: Float64Array;
  private readonly runsAt: number;
  private readonly paramsAt: number;

  /** The folder for slot `slot` of a memory from allocateCellWords, or null (no memory, or slot out of range): fold in JavaScript. */
  static of(memory: WebAssembly.Memory | null, cells: number, slot: number): RunFolder | null {
    if (memory === null || slot < 0 || slot >= FOLD_SLOTS) return null;
    const module = foldModule(typeof SharedArrayBuffer !== "undefined" && memory.buffer instanceof SharedArrayBuffer);
    return module === null ? null : new RunFolder(memory, module, cells, slot);
  }

  private constructor(memory: WebAssembly.Memory, module: WebAssembly.Module, cells: number, slot: number) {
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    this.foldRuns = instance.exports.foldRuns as FoldRuns;
    this.i32 = new Int32Array(memory.buffer);
    this.f64 = new Float64Array(memory.buffer);
    this.runsAt = slotsBase(cells) + slot * SLOT_BYTES;
    this.paramsAt = this.runsAt + SLOT_RUNS * RUN_INTS * 4;
  }

  /** accumulateRuns's owned part: runs [from, to) of a camera into the words, cells in grid rows [own0, own1) only. */
  fold(grid: CoverageGrid, cam: PreparedCamera, runs: Int32Array, from: number, to: number, own0: number, own1: number): void {
    const f = this.f64, at = this.paramsAt >> 3;
    for (let w = 0; w < WEDGES.length; w++) {
      const { xMajor, sgn } = WEDGES[w]!, a = wedgeAxes(grid, cam, xMajor, sgn), o = at + 6 * w;
      f[o] = a.gu; f[o + 1] = a.gv; f[o + 2] = a.aX; f[o + 3] = a.aY; f[o + 4] = a.a0; f[o + 5] = sgn;
    }
    f[at + 24] = runScaleOf(cam);
    for (let s = from; s < to; s += SLOT_RUNS) {
      const e = Math.min(to, s + SLOT_RUNS);
      this.i32.set(runs.subarray(s * RUN_INTS, e * RUN_INTS), this.runsAt >> 2);
      this.foldRuns(this.runsAt, e - s, this.paramsAt, grid.width, 0, own0, own1);
    }
  }
}

/**
 * Runs [from, to) of a camera into `words` (cells in grid rows [own0, own1)) and `spill` (the
 * rest; see BatchSplit), through the folder when there is one. `rows`: the rows the camera can
 * reach at all (its bounds), so cameras within the owned rows skip the spill pass.
 */
export function foldCameraRuns(folder: RunFolder | null, grid: CoverageGrid, cam: PreparedCamera, runs: Int32Array,
  from: number, to: number, words: Int32Array, spill: Int32Array, own0: number, own1: number, rows: readonly [number, number]): void {
  if (folder === null) {
    accumulateRuns(grid, cam, runs, from, to, words, spill, own0, own1);
    return;
  }
  folder.fold(grid, cam, runs, from, to, own0, own1);
  if (rows[0] < own0 || rows[1] >= own1) accumulateRuns(grid, cam, runs, from, to, words, spill, own0, own1, false);
}
