import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { prepareCamera } from "../../server/coverage/camera";
import { createGrid, packCell, PACKED_SOLID, PACKED_STEP_M, rasteriseObstacles } from "../../server/coverage/grid";
import { hilbertIndex, spatialOrder } from "../../server/coverage/engine";
import { RUN_INTS, runQuanta } from "../../server/coverage/runs";
import { createScratch, sweepCamera, type SweepResult, type SweepScratch } from "../../server/coverage/sweep";
import type { CoverageGrid } from "../../server/coverage/grid";
import type { PreparedCamera } from "../../server/coverage/camera";
import { camerasOf, gridForCampus } from "../../server/coverage/scene";
import { createPrng } from "../../server/campus/prng";
import { camera, campus, rect, building, syntheticCampus } from "./builders";

// The sweep's shortcuts against plain per-cell definitions: the per-column frustum interval
// against the per-cell frustum test, the packed raster against heights/solid, and the camera
// order against the Hilbert curve.

/** A sweep's visible cells and their densities (quanta), spelled out from its runs. */
function spelledOut(grid: CoverageGrid, p: PreparedCamera, scratch: SweepScratch, r: SweepResult): { cells: Int32Array; quanta: Int32Array } {
  const cells = new Int32Array(r.visible), quanta = new Int32Array(r.visible);
  assert.equal(runQuanta(grid, p, scratch.runs, 0, r.runs, null, cells, quanta), r.visible);
  return { cells, quanta };
}

describe("sweep frustum interval", () => {
  it("over open ground, the visible cells are exactly the cells inside frustum and range", () => {
    const grid = gridForCampus(campus({ sizeM: 200 }), { cellSizeM: 0.5, targetHeightM: 0, wallHeightM: 2.5 });
    const rng = createPrng(42);
    const scratch = createScratch(grid);
    let checked = 0;
    for (let i = 0; i < 24; i++) {
      const cam = camera(`c${i}`, rng.range(60, 140), rng.range(60, 140), rng.range(2, 12), {
        yawDeg: rng.range(0, 360), pitchDeg: i % 6 === 0 ? -88 : rng.range(-60, 5), rollDeg: i % 4 === 1 ? rng.range(-20, 20) : 0,
        hfovDeg: rng.range(20, 110), vfovDeg: rng.range(15, 70), rangeM: rng.range(15, 60),
      });
      const p = prepareCamera(cam, grid, 0);
      const r = sweepCamera(grid, p, scratch);
      const seen = new Set(spelledOut(grid, p, scratch, r).cells);
      assert.equal(seen.size, r.visible, "no cell is in two runs");
      const s = grid.cellSizeM, reach2 = p.reachCells * p.reachCells;
      let want = 0, mismatched = 0;
      for (let row = 0; row < grid.height; row++) {
        for (let col = 0; col < grid.width; col++) {
          const dx = col + 0.5 - p.gx, dy = row + 0.5 - p.gy;
          const own = col === Math.floor(p.gx) && row === Math.floor(p.gy);
          const a = s * (p.fe * dx + p.fn * dy) + p.fu * p.dzM;
          const b = s * (p.re * dx + p.rn * dy) + p.ru * p.dzM, c = s * (p.ue * dx + p.un * dy) + p.uu * p.dzM;
          const inside = !own && dx * dx + dy * dy <= reach2 && a > 0 && Math.abs(b) <= a * p.tanHalfH && Math.abs(c) <= a * p.tanHalfV;
          if (inside) want++;
          if (inside !== seen.has(row * grid.width + col)) mismatched++;
        }
      }
      assert.ok(mismatched === 0, `camera ${i}: ${mismatched} of ${want} cells differ from the per-cell frustum test`);
      assert.ok(r.tests >= r.frustumPairs && r.frustumPairs >= r.visible, `camera ${i}: tests ⊇ frustum pairs ⊇ visible`);
      checked += want;
    }
    assert.ok(checked > 20_000, `${checked} cells checked`);
  });
});

describe("packed raster", () => {
  it("holds each cell's height (to 1/64 m) and solid flag, row-major and transposed", () => {
    const model = campus({ sizeM: 60, buildings: [building("b1", rect(10, 10, 20, 30), 17.3), building("b2", rect(15, 25, 40, 35), 4)] });
    const grid = gridForCampus(model, { cellSizeM: 0.5, targetHeightM: 1.6, wallHeightM: 2.5 });
    let solidCells = 0;
    for (let row = 0; row < grid.height; row++) {
      for (let col = 0; col < grid.width; col++) {
        const i = row * grid.width + col, word = grid.packed[i]!;
        assert.equal(grid.packedT[col * grid.height + row], word);
        assert.equal(word >= PACKED_SOLID, grid.solid[i] === 1);
        assert.ok(Math.abs((word & 0x7fff) * PACKED_STEP_M - grid.heights[i]!) <= PACKED_STEP_M / 2);
        if (word >= PACKED_SOLID) solidCells++;
      }
    }
    assert.ok(solidCells > 1000);
    // Where the two blocks overlap the higher one wins.
    assert.equal(grid.packed[Math.floor(27 / 0.5 + 40) * grid.width + Math.floor(17 / 0.5 + 40)]! & 0x7fff, Math.round(17.3 * 64));
  });

  it("clamps heights beyond the packed range and keeps zero-height obstacles solid", () => {
    assert.equal(packCell(1000, false), 0x7fff);
    assert.equal(packCell(0, true), PACKED_SOLID);
    const grid = createGrid({ minE: 0, minN: 0, maxE: 10, maxN: 10 }, 1);
    rasteriseObstacles(grid, [{ kind: "building", line: rect(2, 2, 5, 5), heightM: 0, widthM: 0 }]);
    assert.equal(grid.packed[3 * grid.width + 3], PACKED_SOLID);
  });
});

describe("camera order", () => {
  it("the Hilbert index visits every cell of a square once, each step to a neighbour", () => {
    const order = 4, side = 1 << order;
    const at = new Map<number, [number, number]>();
    for (let x = 0; x < side; x++) for (let y = 0; y < side; y++) at.set(hilbertIndex(x, y, order), [x, y]);
    assert.equal(at.size, side * side);
    for (let d = 1; d < side * side; d++) {
      const [a, b] = [at.get(d - 1)!, at.get(d)!];
      assert.equal(Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]), 1, `step ${d}`);
    }
  });

  it("spatialOrder is a permutation that keeps nearby cameras together", () => {
    const rng = createPrng(3);
    const pts = Array.from({ length: 200 }, () => ({ gx: rng.range(0, 2000), gy: rng.range(0, 2000) }));
    const order = spatialOrder(pts);
    assert.deepEqual([...order].sort((a, b) => a - b), pts.map((_, i) => i));
    const pathLength = (idx: readonly number[]): number =>
      idx.slice(1).reduce((s, k, i) => s + Math.hypot(pts[k]!.gx - pts[idx[i]!]!.gx, pts[k]!.gy - pts[idx[i]!]!.gy), 0);
    assert.ok(pathLength(order) < pathLength(pts.map((_, i) => i)) / 3, "the ordered tour is much shorter than the input order");
  });
});

describe("sweep early-out behind a full occluder", () => {
  it("a camera inside a building sees nothing, and its pairs are still all counted", () => {
    const cam = camera("in", 50, 50, 3, { yawDeg: 70, pitchDeg: -15, hfovDeg: 90, vfovDeg: 60, rangeM: 30 });
    const open = gridForCampus(campus({ sizeM: 100 }), { cellSizeM: 0.5, targetHeightM: 1.6, wallHeightM: 2.5 });
    const walled = gridForCampus(campus({ sizeM: 100, buildings: [building("b", rect(30, 30, 70, 70), 20)] }),
      { cellSizeM: 0.5, targetHeightM: 1.6, wallHeightM: 2.5 });
    const inOpen = sweepCamera(open, prepareCamera(cam, open, 1.6), createScratch(open));
    const inside = sweepCamera(walled, prepareCamera(cam, walled, 1.6), createScratch(walled));
    assert.ok(inOpen.visible > 1000);
    assert.equal(inside.visible, 0);
    assert.equal(inside.tests, inOpen.tests);
    assert.equal(inside.frustumPairs, inOpen.frustumPairs);
  });
});

describe("sweep open-ground shortcuts", () => {
  it("give exactly the horizon loop's result on every cell, among buildings and walls", () => {
    const rng = createPrng(11);
    let cells = 0, shadowed = 0;
    for (const [cellSizeM, targetHeightM] of [[0.5, 1.6], [2, 0], [1, 1.6]] as const) {
      const model = syntheticCampus(240, 25, 60, 3);
      const grid = gridForCampus(model, { cellSizeM, targetHeightM, wallHeightM: 2.5 });
      const fast = createScratch(grid), full = createScratch(grid);
      const cams = [...camerasOf(model), ...Array.from({ length: 30 }, (_, i) => camera(`r${i}`, rng.range(0, 240), rng.range(0, 240),
        i % 5 === 0 ? rng.range(0, 1.5) : rng.range(2, 25), { yawDeg: rng.range(0, 360), pitchDeg: i % 7 === 0 ? -89 : rng.range(-60, 10),
          rollDeg: i % 6 === 1 ? rng.range(-20, 20) : 0, hfovDeg: rng.range(20, 120), vfovDeg: rng.range(15, 80), rangeM: rng.range(10, 120) }))];
      for (const cam of cams) {
        const p = prepareCamera(cam, grid, targetHeightM);
        const a = sweepCamera(grid, p, fast);
        const b = sweepCamera(grid, p, full, { exhaustive: true });
        assert.deepEqual(a, b, `camera ${cam.id}: same counts`);
        // Runs are maximal in both, so the same cells make the very same runs.
        assert.deepEqual(fast.runs.subarray(0, a.runs * RUN_INTS), full.runs.subarray(0, b.runs * RUN_INTS), `camera ${cam.id}: same runs`);
        cells += b.visible;
        shadowed += b.frustumPairs - b.visible;
      }
    }
    assert.ok(cells > 200_000 && shadowed > 50_000, `${cells} visible and ${shadowed} hidden frustum cells compared`);
  });
});
