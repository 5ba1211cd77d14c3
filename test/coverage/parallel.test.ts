import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { CoverageEngine } from "../../server/coverage/engine";
import { createParallelCoverage, listOrder, planBands, rebalance, STRIP_ROWS, walkOf, type Band } from "../../server/coverage/parallel";
import { prepareCamera } from "../../server/coverage/camera";
import { camerasOf, gridForCampus } from "../../server/coverage/scene";
import { claimer, foldHalf, foldOutside, packCameras, unpackCamera } from "../../server/coverage/worker-protocol";
import { camera, syntheticCampus } from "./builders";
import { createPrng } from "../../server/campus/prng";

// The two-thread full recompute (bands of rows in shared memory, cameras claimed one by one,
// spills folded in) gives exactly the single-thread result, and incremental edits work on top of it.

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
      assert.deepEqual(engine.words, reference.words);
      assert.deepEqual(engine.cameras().map((c) => c.id), cams.map((c) => c.id), "cameras keep the input order");
      for (const c of cams) assert.deepEqual(engine.cellsOf(c.id), reference.cellsOf(c.id), `camera ${c.id}`);
    }
  });

  it("equals it with the JavaScript fold too (no WebAssembly memory: every thread folds in JavaScript)", async () => {
    const js = createParallelCoverage(grid, 1);
    try {
      const mine = new CoverageEngine(grid, 1.6, { wasm: false }), reference = new CoverageEngine(grid, 1.6);
      assert.equal(mine.cellMemory, null);
      assert.ok(mine.words.buffer instanceof SharedArrayBuffer);
      assert.deepEqual(await js.computeAll(mine, cams), reference.computeAll(cams));
      assert.deepEqual(mine.words, reference.words);
    } finally {
      await js.close();
    }
  });

  it("equals it with three threads too (two workers; the odd one walks its band alone)", async () => {
    const three = createParallelCoverage(grid, 2);
    try {
      const mine = new CoverageEngine(grid, 1.6), reference = new CoverageEngine(grid, 1.6);
      const want = reference.computeAll(cams);
      for (let run = 0; run < 2; run++) {
        assert.deepEqual(await three.computeAll(mine, cams), want);
        assert.deepEqual(mine.words, reference.words);
      }
    } finally {
      await three.close();
    }
  });

  it("leaves nothing of the previous results, whatever they were (rows are zeroed as the sweeps reach them)", async () => {
    const reference = new CoverageEngine(grid, 1.6);
    reference.computeAll(cams.slice(0, 50));
    const stale = (e: CoverageEngine): void => {
      for (let i = 0; i < e.words.length; i++) e.words[i] = ((i % 97) << 16) | (i % 7);
    };
    const single = new CoverageEngine(grid, 1.6);
    stale(single);
    single.computeAll(cams.slice(0, 50));
    assert.deepEqual(single.words, reference.words);
    stale(engine);
    await parallel.computeAll(engine, cams.slice(0, 50));
    assert.deepEqual(engine.words, reference.words);
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
    assert.deepEqual(engine.words, fresh.words);
  });

  it("refuses an engine whose results are not in shared memory, or a second engine", async () => {
    const local = new CoverageEngine(gridForCampus(model, OPTIONS, false), 1.6);
    await assert.rejects(parallel.computeAll(local, cams), /shared grid/);
    await assert.rejects(parallel.computeAll(new CoverageEngine(grid, 1.6), cams), /one engine/);
  });
});

describe("band plan", () => {
  it("cuts the strip-ordered list into bands of rows, south to north, balanced by cost", () => {
    const model = syntheticCampus(600, 36, 300, 4);
    const grid = gridForCampus(model, OPTIONS);
    const prepared = camerasOf(model).map((c) => prepareCamera(c, grid, 1.6));
    const list = listOrder(prepared);
    assert.deepEqual([...list].sort((a, b) => a - b), prepared.map((_, i) => i));
    for (let i = 1; i < list.length; i++) {
      const [a, b] = [prepared[list[i - 1]!]!, prepared[list[i]!]!];
      assert.ok(Math.floor(a.gy / STRIP_ROWS) <= Math.floor(b.gy / STRIP_ROWS), "strips go south to north");
    }
    const bands = planBands(prepared, list, grid.height, [1, 1, 1]);
    assert.equal(bands[0]!.first, 0);
    assert.equal(bands[2]!.end, list.length);
    assert.equal(bands[0]!.rows[0], 0);
    assert.equal(bands[2]!.rows[1], grid.height);
    for (let i = 1; i < bands.length; i++) {
      assert.equal(bands[i]!.first, bands[i - 1]!.end);
      assert.equal(bands[i]!.rows[0], bands[i - 1]!.rows[1]);
      assert.equal(bands[i]!.rows[0] % STRIP_ROWS, 0, "bands start at a strip edge");
    }
    for (const b of bands) {
      for (const k of list.slice(b.first, b.end)) {
        const row = Math.floor(prepared[k]!.gy);
        assert.ok(row >= b.rows[0] && row < b.rows[1], `camera ${k} at row ${row} lies in its band ${b.rows}`);
      }
      assert.ok(b.end - b.first > 60 && b.end - b.first < 140, `band of ${b.end - b.first} cameras`);
    }
  });

  it("pairs the threads' walks: the first from the south, the second from the north, over both bands", () => {
    const bands = [{ first: 0, end: 10, rows: [0, 64] }, { first: 10, end: 25, rows: [64, 128] }, { first: 25, end: 30, rows: [128, 192] }] satisfies Band[];
    assert.deepEqual(walkOf(bands, 0), { first: 0, end: 25, step: 1 });
    assert.deepEqual(walkOf(bands, 1), { first: 24, end: -1, step: -1 });
    assert.deepEqual(walkOf(bands, 2), { first: 25, end: 30, step: 1 }, "a thread without a partner walks its own band");
  });
});

describe("camera claims", () => {
  it("two threads walking towards each other take every camera exactly once, however they interleave", () => {
    // Claims per round of the front and the back thread (0: that thread has not started yet).
    for (const pattern of [[1, 1], [1, 3], [5, 1], [0, 1], [1, 0]] as const) {
      const flags = new Int32Array(40);
      const claims = [claimer(flags, 0, 40, 1), claimer(flags, 39, -1, -1)];
      const got: number[][] = [[], []], open = [true, true];
      for (let round = 0; open[0] || open[1]; round++) {
        for (const t of [0, 1]) {
          const take = pattern[t] === 0 && round < 10 ? 0 : Math.max(1, pattern[t]!);
          for (let r = 0; r < take && open[t]; r++) {
            const k = claims[t]!();
            if (k < 0) open[t] = false;
            else got[t]!.push(k);
          }
        }
      }
      assert.deepEqual([...got[0]!, ...got[1]!].sort((a, b) => a - b), Array.from({ length: 40 }, (_, i) => i), `pattern ${pattern}`);
      assert.deepEqual(got[0], got[0]!.map((_, i) => i), "the first walks up from 0");
      assert.deepEqual(got[1], got[1]!.map((_, i) => 39 - i), "the second walks down from 39");
    }
  });
});

describe("pair folding", () => {
  it("the two halves fold both spills exactly as folding each whole, whichever thread reached further", () => {
    const W = 7, H = 40, rng = createPrng(5);
    const spill = (rows: [number, number]): Int32Array => {
      const s = new Int32Array(W * H);
      for (let i = rows[0] * W; i < (rows[1] + 1) * W; i++) if (rng.next() < 0.6) s[i] = (rng.int(1, 400) << 16) | (1 + rng.int(0, 3));
      return s;
    };
    const own: [[number, number], [number, number]] = [[0, 18], [18, 40]];
    for (const reach of [[[0, 30], [5, 39]], [[0, 19], [2, 39]], [[0, 17], [18, 39]]] as [[number, number], [number, number]][]) {
      const spills: [Int32Array, Int32Array] = [spill(reach[0]), spill(reach[1])];
      // Cells inside each thread's own rows were written to the shared words, not the spill.
      own.forEach(([a, b], t) => spills[t]!.fill(0, a * W, b * W));
      const base = Int32Array.from({ length: W * H }, () => (rng.int(0, 400) << 16) | rng.int(0, 3));
      const want = base.slice(), got = base.slice();
      spills.map((s) => s.slice()).forEach((s, t) => foldOutside(want, s, own[t]!, reach[t]!, W));
      const mine = spills.map((s) => s.slice()) as [Int32Array, Int32Array];
      foldHalf(got, mine, own, reach, 1, W);
      foldHalf(got, mine, own, reach, 0, W);
      assert.deepEqual(got, want, `reach ${JSON.stringify(reach)}`);
      assert.ok(mine.every((s) => s.every((w) => w === 0)), "both spills are left zeroed");
    }
  });
});

describe("packed camera batch", () => {
  it("carries every prepared camera exactly, field for field", () => {
    const model = syntheticCampus(200, 9, 30, 6);
    const grid = gridForCampus(model, OPTIONS);
    const cams = [...camerasOf(model), camera("rolled", 50, 60, 5, { rollDeg: 12, pitchDeg: -70 })];
    const prepared = cams.map((c) => prepareCamera(c, grid, 1.6));
    const packed = packCameras(prepared);
    prepared.forEach((p, k) => assert.deepEqual(unpackCamera(packed, k), p));
  });
});

describe("split rebalancing", () => {
  it("moves the next cut half-way towards the share each thread actually swept, bounded", () => {
    const even = rebalance([1, 1], [100, 100]);
    assert.ok(Math.abs(even[0]! - even[1]!) < 1e-9, "equal shares keep an even split");
    const next = rebalance([1, 1], [200, 100]); // the caller swept twice as much
    assert.ok(next[0]! > next[1]!, `caller weight ${next[0]} > worker weight ${next[1]}`);
    assert.ok(next[0]! / next[1]! < 2, "only half-way towards the measured ratio");
    const extreme = rebalance([1, 1], [100, 0]);
    assert.ok(extreme[1]! >= 0.1, "one odd run cannot starve a thread");
    assert.deepEqual(rebalance([0.85, 1], [0, 0]), [0.85, 1], "no measurement, no change");
  });
});
