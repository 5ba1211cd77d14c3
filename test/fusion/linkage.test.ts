import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createGrid, rasteriseObstacles } from "../../server/coverage/grid";
import { createPointQuery, type LinkageCamera } from "../../server/coverage/point-query";

// Video-linkage geometry on the coverage planner's raster: a 200 m × 200 m open field
// with one 20 m tall building; the alarm point is at (100, 100).

const grid = createGrid({ minE: 0, minN: 0, maxE: 200, maxN: 200 }, 0.5);
rasteriseObstacles(grid, [{ kind: "building", line: [[120, 60], [140, 60], [140, 140], [120, 140]], heightM: 20, widthM: 0 }]);

const optics = { pitchDeg: -10, rollDeg: 0, hfovDeg: 60, vfovDeg: 35, resolutionW: 1920, resolutionH: 1080, rangeM: 60 };
const cam = (id: string, at: [number, number], yawDeg: number, rangeM = 60): LinkageCamera => ({
  id, name: id, model: null, position: [at[0], at[1], 4], optics: { ...optics, yawDeg, rangeM }, buildingId: null, floor: 0,
});

const CASES: Array<{ name: string; camera: LinkageCamera; sees: boolean }> = [
  { name: "facing the point from 30 m south", camera: cam("facing", [100, 70], 0), sees: true },
  { name: "facing away from the point", camera: cam("away", [100, 70], 180), sees: false },
  { name: "facing it but out of range (150 m)", camera: cam("far", [100, -50], 0, 60), sees: false },
  { name: "facing it from behind the building", camera: cam("behind", [160, 100], 270), sees: false },
  { name: "facing it from the open west side", camera: cam("west", [60, 100], 90), sees: true },
];

describe("video linkage geometry", () => {
  for (const c of CASES) {
    it(`${c.name} → ${c.sees ? "sees" : "does not see"}`, () => {
      const q = createPointQuery(grid, [c.camera], { targetHeightM: 1.6 });
      const hits = q.camerasSeeing({ xM: 100, yM: 100, floor: 0 });
      assert.equal(hits.length, c.sees ? 1 : 0);
    });
  }

  it("ranks the nearer, more central camera first and drops the blocked ones", () => {
    const q = createPointQuery(grid, CASES.map((c) => c.camera).concat(cam("oblique", [70, 55], 20)), { targetHeightM: 1.6 });
    const hits = q.camerasSeeing({ xM: 100, yM: 100, floor: 0 });
    assert.deepEqual(new Set(hits.map((h) => h.deviceId)), new Set(["facing", "west", "oblique"]));
    assert.equal(hits[0]!.deviceId, "facing");
    assert.deepEqual(hits.map((h) => h.rank), [1, 2, 3]);
    assert.ok(hits[0]!.pxPerM > hits[2]!.pxPerM);
    assert.ok(hits.every((h) => h.method === "raster" && h.centrality >= 0 && h.centrality <= 1));
  });

  it("a point on an obstacle cell (a fence on a wall) is seen through the open cells next to it", () => {
    const g = createGrid({ minE: 0, minN: 0, maxE: 100, maxN: 100 }, 0.5);
    rasteriseObstacles(g, [{ kind: "wall", line: [[0, 50], [100, 50]], heightM: 2.5, widthM: 0.3 }]);
    const q = createPointQuery(g, [cam("along", [20, 48], 90)], { targetHeightM: 1.6 });
    assert.equal(q.camerasSeeing({ xM: 50, yM: 50, floor: 0 }).length, 1);
  });
});
