import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { CoverageEngine } from "../../server/coverage/engine";
import { camerasOf, gridForCampus } from "../../server/coverage/scene";
import { buildBvh, bvhVerdicts, engineVerdicts, samplePairs } from "./bvh";
import { syntheticCampus } from "./builders";
import { generateCampus } from "../../server/campus/generator/campus";
import type { CampusModel } from "../../server/contracts/campus";

// Issue 7: visibility agrees with an independent three-mesh-bvh raycast on ≥ 99 % of random
// (camera, cell) pairs inside frustum and range.

function agreement(model: CampusModel): void {
  const options = { cellSizeM: 0.5, targetHeightM: 1.6, wallHeightM: 2.5 };
  const grid = gridForCampus(model, options);
  const engine = new CoverageEngine(grid, options.targetHeightM);
  const cameras = camerasOf(model);
  engine.computeAll(cameras);
  const pairs = samplePairs(grid, cameras, options.targetHeightM, 4000);
  assert.ok(pairs.length === 4000);
  const ours = engineVerdicts(engine, cameras, pairs);
  const theirs = bvhVerdicts(buildBvh(model, options.wallHeightM), grid, cameras, pairs, options.targetHeightM);
  const agree = ours.filter((v, i) => v === theirs[i]).length / pairs.length;
  const occluded = theirs.filter((v) => !v).length / pairs.length;
  assert.ok(occluded > 0.05, `the sample includes occluded pairs (${occluded})`);
  assert.ok(agree >= 0.99, `agreement ${(agree * 100).toFixed(2)} %`);
}

describe("coverage engine vs three-mesh-bvh raycasts", () => {
  it("agrees on at least 99 % of sampled pairs of the generated default campus", () => {
    agreement(generateCampus({ seed: 1, size: "default" }));
  });

  it("agrees on at least 99 % of sampled pairs of a dense synthetic campus", () => {
    agreement(syntheticCampus(400, 40, 150, 3));
  });
});
