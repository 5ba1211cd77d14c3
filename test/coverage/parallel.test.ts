import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { CoverageEngine } from "../../server/coverage/engine";
import { createParallelCoverage, planBands, rebalance } from "../../server/coverage/parallel";
import { prepareCamera } from "../../server/coverage/camera";
import { camerasOf, gridForCampus } from "../../server/coverage/scene";
import { packCameras, unpackCamera } from "../../server/coverage/worker-protocol";
import { camera, syntheticCampus } from "./builders";

// The two-thread full recompute (bands of rows in shared memory, spills folded in) gives
// exactly the single-thread result, and incremental edits work on top of it.

const OPTIONS = { cellSizeM: 0.5, targetHeightM: 1.6, wallHeightM: 2.5 };

describe("parallel full recompute (worker_threads, shared memory)", () => {
  const model = syntheticCampus(300, 20, 80, 9);
  const grid = gridForCampus(model, OPTIONS, true);
  const cams = camerasOf(model);
  const parallel = createParallelCoverage(grid, 1);
  const engine = new CoverageEngine(grid, 1.6);
  after(() => parallel.close());

  it("equals the single-thread computeAll, run after run", async () => {
    const reference = new CoverageEngine(grid, 1.6);
    const want = reference.computeAll(cams);
    assert.deepEqual(reference.cameras().map((c) => c.id), cams.map((c) => c.id), "computeAll keeps the input order");
    for (let run = 0; run < 2; run++) {
      const got = await parallel.computeAll(engine, cams);
      assert.deepEqual(got, want);
      assert.deepEqual(engine.count, reference.count);
      assert.deepEqual(engine.best, reference.best);
      assert.deepEqual(engine.cameras().map((c) => c.id), cams.map((c) => c.id), "cameras keep the input order");
      for (const c of cams) {
        assert.deepEqual([...engine.contribution(c.id)!.cells].sort((a, b) => a - b),
          [...reference.contribution(c.id)!.cells].sort((a, b) => a - b), `camera ${c.id}`);
      }
    }
  });

  it("takes incremental edits afterwards like a fresh computation", async () => {
    await parallel.computeAll(engine, cams);
    const moved = { ...cams[5]!, position: [cams[5]!.position[0] + 6, cams[5]!.position[1] + 3, 7] as [number, number, number] };
    const added = camera("new1", 120, 180, 6, { yawDeg: 200 });
    engine.setCamera(moved);
    engine.setCamera(added);
    engine.removeCamera(cams[40]!.id);
    const fresh = new CoverageEngine(grid, 1.6);
    fresh.computeAll([...cams.filter((c) => c.id !== cams[40]!.id).map((c) => (c.id === moved.id ? moved : c)), added]);
    assert.deepEqual(engine.count, fresh.count);
    assert.deepEqual(engine.best, fresh.best);
  });

  it("refuses an engine whose results are not in shared memory, or a second engine", async () => {
    const local = new CoverageEngine(gridForCampus(model, OPTIONS, false), 1.6);
    await assert.rejects(parallel.computeAll(local, cams), /shared grid/);
    await assert.rejects(parallel.computeAll(new CoverageEngine(grid, 1.6), cams), /one engine/);
  });
});

describe("band plan", () => {
  it("partitions the rows south to north and every camera once, balanced by cost", () => {
    const model = syntheticCampus(600, 36, 300, 4);
    const grid = gridForCampus(model, OPTIONS);
    const prepared = camerasOf(model).map((c) => prepareCamera(c, grid, 1.6));
    const bands = planBands(prepared, grid.height, [1, 1, 1]);
    assert.equal(bands[0]!.rows[0], 0);
    assert.equal(bands[2]!.rows[1], grid.height);
    for (let i = 1; i < bands.length; i++) assert.equal(bands[i]!.rows[0], bands[i - 1]!.rows[1]);
    assert.deepEqual(bands.flatMap((b) => b.cameras).sort((a, b) => a - b), prepared.map((_, i) => i));
    for (const b of bands) {
      for (const k of b.cameras) {
        const row = Math.floor(prepared[k]!.gy);
        assert.ok(row >= b.rows[0] - 1 && row <= b.rows[1], `camera ${k} at row ${row} lies in its band ${b.rows}`);
      }
      assert.ok(b.cameras.length > 60 && b.cameras.length < 140, `band of ${b.cameras.length} cameras`);
    }
  });
});

describe("packed camera batch", () => {
  it("prepares every camera exactly as the original", () => {
    const model = syntheticCampus(200, 9, 30, 6);
    const grid = gridForCampus(model, OPTIONS);
    const cams = [...camerasOf(model), camera("rolled", 50, 60, 5, { rollDeg: 12, pitchDeg: -70 })];
    const packed = packCameras(cams);
    cams.forEach((c, k) => assert.deepEqual(prepareCamera(unpackCamera(packed, k), grid, 1.6), prepareCamera(c, grid, 1.6)));
  });
});

describe("split rebalancing", () => {
  it("moves work towards the thread that swept faster, smoothed and bounded", () => {
    const even = rebalance([1, 1], [100, 100], [50, 50]);
    assert.ok(Math.abs(even[0]! - even[1]!) < 1e-9, "equal throughput keeps an even split");
    const next = rebalance([1, 1], [100, 100], [40, 80]); // the caller swept twice as fast
    assert.ok(next[0]! > next[1]!, `caller weight ${next[0]} > worker weight ${next[1]}`);
    assert.ok(next[0]! / next[1]! < 2, "only half-way towards the measured ratio");
    const extreme = rebalance([1, 1], [100, 100], [1, 10_000]);
    assert.ok(extreme[1]! >= 0.25, "a slow run cannot starve a thread");
    assert.deepEqual(rebalance([0.85, 1], [0, 100], [0, 30]), [0.85, 1], "no measurement, no change");
  });
});
