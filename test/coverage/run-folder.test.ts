import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { prepareCamera } from "../../server/coverage/camera";
import { CoverageEngine } from "../../server/coverage/engine";
import { accumulateRuns } from "../../server/coverage/runs";
import { allocateCellWords, foldCameraRuns, FOLD_SLOTS, RunFolder } from "../../server/coverage/run-folder";
import { camerasOf, gridForCampus } from "../../server/coverage/scene";
import { createScratch, sweepCamera } from "../../server/coverage/sweep";
import { boundsOf } from "../../server/coverage/engine";
import { createPrng } from "../../server/campus/prng";
import { syntheticCampus } from "./builders";

// The WebAssembly fold (fold.wat through run-folder.ts) against the JavaScript one
// (runs.ts accumulateRuns): the same words, bit for bit, for whole recomputes, incremental
// edits, and runs split between owned rows and a spill. And the committed module is what
// fold.wat assembles to.

const OPTIONS = { cellSizeM: 0.5, targetHeightM: 1.6, wallHeightM: 2.5 };

describe("WebAssembly run folder", () => {
  const model = syntheticCampus(300, 20, 120, 21);
  const grid = gridForCampus(model, OPTIONS);
  const cams = camerasOf(model);

  it("runs here (Node has WebAssembly SIMD), so the rest of this file tests it and not the fallback", () => {
    const cells = allocateCellWords(16, false);
    assert.ok(cells.memory instanceof WebAssembly.Memory);
    assert.ok(RunFolder.of(cells.memory, 16, 0) instanceof RunFolder);
    assert.equal(RunFolder.of(cells.memory, 16, FOLD_SLOTS), null, "a slot past the last folds in JavaScript");
    assert.equal(allocateCellWords(16, false, false).memory, null);
  });

  it("gives the JavaScript fold's words for a whole recompute", () => {
    const wasm = new CoverageEngine(grid, 1.6), js = new CoverageEngine(grid, 1.6, { wasm: false });
    assert.notEqual(wasm.cellMemory, null);
    assert.equal(js.cellMemory, null);
    const a = wasm.computeAll(cams), b = js.computeAll(cams);
    assert.deepEqual(a, b);
    assert.ok(a.visiblePairs > 100_000, `a scene with enough visible cells (${a.visiblePairs})`);
    assert.deepEqual(wasm.words, js.words);
  });

  it("and for moved, re-aimed, added and removed cameras, withdrawn with the JavaScript densities", () => {
    const wasm = new CoverageEngine(grid, 1.6), js = new CoverageEngine(grid, 1.6, { wasm: false });
    wasm.computeAll(cams);
    js.computeAll(cams);
    const rng = createPrng(5);
    for (let i = 0; i < 12; i++) {
      const c = cams[rng.int(0, cams.length - 1)]!;
      const moved = { ...c, id: i % 3 === 0 ? `new-${i}` : c.id,
        position: [c.position[0] + rng.range(-20, 20), c.position[1] + rng.range(-20, 20), c.position[2]] as [number, number, number],
        optics: { ...c.optics, yawDeg: rng.range(0, 360) } };
      wasm.setCamera(moved);
      js.setCamera(moved);
      assert.deepEqual(wasm.words, js.words, `edit ${i}`);
    }
    wasm.removeCamera(cams[0]!.id);
    js.removeCamera(cams[0]!.id);
    assert.deepEqual(wasm.words, js.words);
  });

  it("folds only the owned rows, the JavaScript spill pass the rest: together one accumulateRuns", () => {
    const scratch = createScratch(grid), n = grid.width * grid.height, rng = createPrng(8);
    const cells = allocateCellWords(n, false), folder = RunFolder.of(cells.memory, n, 2)!;
    const wantWords = new Int32Array(n), wantSpill = new Int32Array(n), spill = new Int32Array(n);
    for (const cam of cams) {
      const p = prepareCamera(cam, grid, 1.6), r = sweepCamera(grid, p, scratch), b = boundsOf(grid, p.gx, p.gy, p.reachCells);
      const own0 = rng.int(0, grid.height), own1 = rng.int(own0, grid.height); // often cutting through the footprint
      accumulateRuns(grid, p, scratch.runs, 0, r.runs, wantWords, wantSpill, own0, own1);
      foldCameraRuns(folder, grid, p, scratch.runs, 0, r.runs, cells.words, spill, own0, own1, [b[1], b[3]]);
    }
    assert.deepEqual(cells.words, wantWords);
    assert.deepEqual(spill, wantSpill);
    assert.ok(spill.some((w) => w !== 0) && cells.words.some((w) => w !== 0), "both parts got cells");
  });

  it("is committed as fold.wat assembles (scripts/build-fold-wasm.mjs --check)", () => {
    execFileSync(process.execPath, ["scripts/build-fold-wasm.mjs", "--check"], { stdio: "pipe" });
  });
});
