import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createCoverageTaskPool } from "../../server/coverage/pool";
import { runAnalyse } from "../../server/coverage/tasks";
import { GridTooLargeError } from "../../server/coverage/grid";
import { syntheticCampus } from "./builders";

// Whole-campus analyses run in worker_threads: the event loop keeps turning while they run,
// and the answer is the one the same computation gives on this thread.

const OPTIONS = { cellSizeM: 0.5, targetHeightM: 1.6, wallHeightM: 2.5 };

describe("coverage task pool (worker_threads)", () => {
  const pool = createCoverageTaskPool(1);
  after(() => pool.close());

  it("answers like the in-thread analysis while timers on this thread keep firing", async () => {
    const model = syntheticCampus(300, 20, 60, 3);
    model.zones.push({ id: "pg", name: "pg", kind: "playground", polygon: [[100, 100], [160, 100], [160, 140], [100, 140]], floor: 0,
      ownerDept: null, gridId: null, buildingId: null, densityLimitPerM2: null });
    let ticks = 0;
    let ticksAtAnswer = -1;
    const timer = setInterval(() => ticks++, 1);
    const answer = pool.run({ kind: "analyse", model, options: OPTIONS, edits: [], withOutlines: false }).then((r) => {
      ticksAtAnswer = ticks;
      return r;
    });
    assert.equal(pool.pending(), 1);
    const zones = await answer;
    clearInterval(timer);
    // On this thread the sweep would run to completion before any timer callback.
    assert.ok(ticksAtAnswer > 0, "timers ran while the worker computed");
    assert.deepEqual(zones, runAnalyse({ model, options: OPTIONS, edits: [], withOutlines: false }));
    assert.equal(pool.pending(), 0);
  });

  it("rebuilds typed errors from the worker", async () => {
    const model = syntheticCampus(1000, 4, 2, 3); // ≈ 10,400² cells at 0.1 m: over the 40 M limit
    await assert.rejects(pool.run({ kind: "analyse", model, options: { ...OPTIONS, cellSizeM: 0.1 }, edits: [], withOutlines: false }),
      (err: unknown) => err instanceof GridTooLargeError && err.cells > err.maxCells);
  });
});
