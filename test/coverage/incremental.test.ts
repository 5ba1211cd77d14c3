import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { CoverageEngine } from "../../server/coverage/engine";
import { camerasOf, gridForCampus } from "../../server/coverage/scene";
import { camera, syntheticCampus } from "./builders";

// Issue 7: moving, re-aiming, adding or removing one camera gives exactly the full recompute.

describe("incremental coverage update", () => {
  it("equals a full recompute after moves, re-aims, additions and removals", () => {
    const model = syntheticCampus(300, 20, 60, 5);
    const options = { cellSizeM: 0.5, targetHeightM: 1.6, wallHeightM: 2.5 };
    const grid = gridForCampus(model, options);
    const live = new CoverageEngine(grid, 1.6);
    const cams = camerasOf(model);
    live.computeAll(cams);
    const before = live.words.slice();
    const moved = { ...cams[3]!, position: [cams[3]!.position[0] + 7, cams[3]!.position[1] - 4, 5] as [number, number, number] };
    live.setCamera(moved);
    const reaimed = { ...cams[10]!, optics: { ...cams[10]!.optics, yawDeg: cams[10]!.optics.yawDeg + 120, pitchDeg: -25 } };
    live.setCamera(reaimed);
    const added = camera("new1", 150, 150, 6, { yawDeg: 45 });
    live.setCamera(added);
    live.removeCamera(cams[20]!.id);
    live.removeCamera(cams[21]!.id);
    assert.notDeepEqual(live.words, before, "the edits changed coverage");

    const finalCams = cams.filter((c, i) => i !== 20 && i !== 21).map((c) => (c.id === moved.id ? moved : c.id === reaimed.id ? reaimed : c));
    const fresh = new CoverageEngine(grid, 1.6);
    fresh.computeAll([...finalCams, added]);
    assert.deepEqual(live.words, fresh.words, "best px/m and camera count of every cell");
  });
});
