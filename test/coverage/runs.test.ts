import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { prepareCamera } from "../../server/coverage/camera";
import { bestPxPerMOf, bestQuantaOf, cameraCountOf, merged, QUANTA_PER_PX, quantaOf, withCamera } from "../../server/coverage/cell-words";
import { DORI_PX_PER_M, doriRank } from "../../server/coverage/dori";
import { foldSpill } from "../../server/coverage/engine";
import { accumulateRuns, runCells, runQuanta } from "../../server/coverage/runs";
import { camerasOf, gridForCampus } from "../../server/coverage/scene";
import { createScratch, sweepCamera } from "../../server/coverage/sweep";
import { createPrng } from "../../server/campus/prng";
import { syntheticCampus } from "./builders";

// The per-cell words (best px/m and camera count in one Int32) and the runs the sweep writes
// instead of cells: quantising keeps every DORI class, and folding runs into the words gives
// each cell the density of the per-cell formula, whichever thread owns its row.

/** The largest double below x (x > 0). */
function nextDownOf(x: number): number {
  const f = new Float64Array([x]), bits = new BigInt64Array(f.buffer);
  bits[0] = bits[0]! - 1n;
  return f[0]!;
}

describe("cell words", () => {
  it("keep the DORI class of every density exactly, and the density to a quarter px/m", () => {
    const rng = createPrng(3);
    const samples = [0, 0.1, 8191.5, 9000, 1e6, Infinity];
    for (const t of Object.values(DORI_PX_PER_M)) samples.push(t, t - 1e-9, t + 1e-9, t - 0.25, t + 0.2499, nextDownOf(t));
    for (let i = 0; i < 5000; i++) samples.push(rng.range(0, 400));
    for (const px of samples) {
      const word = withCamera(0, quantaOf(px));
      assert.equal(doriRank(bestPxPerMOf(word)), doriRank(px), `class of ${px} px/m`);
      if (px < 8191.75) assert.ok(px - bestPxPerMOf(word) >= 0 && px - bestPxPerMOf(word) < 1 / QUANTA_PER_PX, `${px} px/m kept as ${bestPxPerMOf(word)}`);
      else assert.equal(bestPxPerMOf(word), 8191.75, `${px} px/m saturates`);
      assert.equal(cameraCountOf(word), 1);
    }
  });

  it("count every camera and keep the best density, one camera at a time or folded", () => {
    let word = 0;
    for (const q of [400, 90, 1200, 1200, 7]) word = withCamera(word, q);
    assert.equal(bestQuantaOf(word), 1200);
    assert.equal(cameraCountOf(word), 5);
    assert.equal(merged(word, 1500, 3), withCamera(withCamera(withCamera(word, 1500), 0), 0));
    assert.equal(merged(word, 10, 2), word + 2, "a weaker partial result adds only its cameras");
  });
});

describe("runs", () => {
  const model = syntheticCampus(200, 12, 40, 8);
  const options = { cellSizeM: 0.5, targetHeightM: 1.6, wallHeightM: 2.5 };
  const grid = gridForCampus(model, options);
  const cams = camerasOf(model).map((c) => prepareCamera(c, grid, 1.6));

  it("fold into each visible cell once, with the density of the per-cell formula", () => {
    const scratch = createScratch(grid);
    let checked = 0;
    for (const p of cams) {
      const r = sweepCamera(grid, p, scratch);
      const words = new Int32Array(grid.width * grid.height);
      accumulateRuns(grid, p, scratch.runs, 0, r.runs, words, words, 0, grid.height);
      const cells = new Int32Array(r.visible), quanta = new Int32Array(r.visible);
      assert.equal(runCells(scratch.runs, 0, r.runs), r.visible);
      assert.equal(runQuanta(grid, p, scratch.runs, 0, r.runs, null, cells, quanta), r.visible);
      const s = grid.cellSizeM;
      cells.forEach((cell, i) => {
        const dx = (cell % grid.width) + 0.5 - p.gx, dy = Math.floor(cell / grid.width) + 0.5 - p.gy;
        const px = p.pxScale / (s * (p.fe * dx + p.fn * dy) + p.fu * p.dzM);
        assert.ok(Math.abs(quanta[i]! - quantaOf(px)) <= 1, `cell ${cell}: ${quanta[i]} quanta, formula ${quantaOf(px)}`);
        assert.equal(words[cell], withCamera(0, quanta[i]!), `cell ${cell} holds exactly this camera's density`);
      });
      assert.equal(words.reduce((n, w) => n + cameraCountOf(w), 0), r.visible, "nothing outside the runs is touched");
      checked += r.visible;
    }
    assert.ok(checked > 50_000, `${checked} cells checked`);
  });

  it("split by owned rows and spill, then folded, give what one owner gets", () => {
    const scratch = createScratch(grid), n = grid.width * grid.height;
    const whole = new Int32Array(n), own = new Int32Array(n), spill = new Int32Array(n);
    const [row0, row1] = [Math.floor(grid.height / 3), Math.floor((2 * grid.height) / 3)];
    for (const p of cams) {
      const r = sweepCamera(grid, p, scratch);
      accumulateRuns(grid, p, scratch.runs, 0, r.runs, whole, whole, 0, grid.height);
      accumulateRuns(grid, p, scratch.runs, 0, r.runs, own, spill, row0, row1);
    }
    for (let i = 0; i < n; i++) {
      const row = Math.floor(i / grid.width);
      if (row >= row0 && row < row1) assert.equal(spill[i], 0, `owned cell ${i} went to the spill`);
      else assert.equal(own[i], 0, `cell ${i} outside the owned rows was written`);
    }
    foldSpill(own, spill, 0, n);
    assert.deepEqual(own, whole);
    assert.ok(spill.every((w) => w === 0), "the fold leaves the spill zeroed");
  });
});
