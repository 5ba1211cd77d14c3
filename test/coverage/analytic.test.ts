import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { CoverageEngine } from "../../server/coverage/engine";
import { camerasOf, gridForCampus } from "../../server/coverage/scene";
import { distanceForPxPerM, doriRank } from "../../server/coverage/dori";
import { building, camera, campus, rect, wall } from "./builders";
import type { CoverageCamera } from "../../server/contracts/coverage";
import type { CampusModel } from "../../server/contracts/campus";

// Analytic cases of issue 7: open ground, a building's shadow, a wall.

const CELL_M = 0.5;

function analyse(model: CampusModel, targetHeightM: number, wallHeightM = 2.5): CoverageEngine {
  const grid = gridForCampus(model, { cellSizeM: CELL_M, targetHeightM, wallHeightM });
  const engine = new CoverageEngine(grid, targetHeightM);
  engine.computeAll(camerasOf(model));
  return engine;
}

function cellAt(engine: CoverageEngine, e: number, n: number): number {
  const g = engine.grid;
  return Math.floor((n - g.originN) / g.cellSizeM) * g.width + Math.floor((e - g.originE) / g.cellSizeM);
}

/** Ground footprint corners of a roll-free camera: where the four frustum corner rays meet z = target. */
function trapezoid(cam: CoverageCamera, targetHeightM: number): [number, number][] {
  const d = Math.PI / 180, o = cam.optics;
  const [y, p] = [o.yawDeg * d, o.pitchDeg * d];
  const f = [Math.cos(p) * Math.sin(y), Math.cos(p) * Math.cos(y), Math.sin(p)];
  const r = [Math.cos(y), -Math.sin(y), 0];
  const u = [-Math.sin(p) * Math.sin(y), -Math.sin(p) * Math.cos(y), Math.cos(p)];
  const th = Math.tan((o.hfovDeg * d) / 2), tv = Math.tan((o.vfovDeg * d) / 2);
  return ([[-1, -1], [1, -1], [1, 1], [-1, 1]] as const).map(([sx, sy]) => {
    const dir = [0, 1, 2].map((i) => f[i]! + sx * th * r[i]! + sy * tv * u[i]!);
    const t = (targetHeightM - cam.position[2]) / dir[2]!;
    return [cam.position[0] + t * dir[0]!, cam.position[1] + t * dir[1]!];
  });
}

function insidePolygon(ring: [number, number][], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [a, b] = [ring[i]!, ring[j]!];
    if ((a[1] > y) !== (b[1] > y) && x < a[0] + ((y - a[1]) / (b[1] - a[1])) * (b[0] - a[0])) inside = !inside;
  }
  return inside;
}

function shoelace(ring: [number, number][]): number {
  let s = 0;
  for (let i = 0; i < ring.length; i++) {
    const [a, b] = [ring[i]!, ring[(i + 1) % ring.length]!];
    s += a[0] * b[1] - b[0] * a[1];
  }
  return Math.abs(s) / 2;
}

describe("coverage engine: open flat ground", () => {
  it("a tilted camera's footprint is the analytic trapezoid", () => {
    const cam = camera("c1", 100, 100, 6, { yawDeg: 30, pitchDeg: -30, hfovDeg: 60, vfovDeg: 40, rangeM: 200 });
    const engine = analyse(campus({ sizeM: 200, cameras: [cam] }), 0);
    const trap = trapezoid(cam, 0);
    const seen = new Set(engine.cellsOf("c1").cells);
    const g = engine.grid;
    let inside = 0, mismatched = 0;
    for (let row = 0; row < g.height; row++) {
      for (let col = 0; col < g.width; col++) {
        const e = g.originE + (col + 0.5) * CELL_M, n = g.originN + (row + 0.5) * CELL_M;
        const want = insidePolygon(trap, e, n);
        if (want) inside++;
        if (want !== seen.has(row * g.width + col)) mismatched++;
      }
    }
    assert.ok(inside > 1000, `trapezoid holds ${inside} cells`);
    assert.ok(mismatched <= inside * 0.005, `${mismatched} of ${inside} cells differ from the trapezoid`);
    const areaM2 = seen.size * CELL_M * CELL_M;
    assert.ok(Math.abs(areaM2 - shoelace(trap)) / shoelace(trap) < 0.02, `area ${areaM2} vs ${shoelace(trap)}`);
  });

  it("px/m follows resolution / (2·d·tan(hfov/2)) and the DORI rings sit at the analytic radii", () => {
    // Level camera at target height: the distance along the view axis is the eastward distance.
    const cam = camera("c1", 20.25, 100.25, 1.6, { yawDeg: 90, pitchDeg: 0, hfovDeg: 90, vfovDeg: 50, resolutionW: 2560, rangeM: 120 });
    const engine = analyse(campus({ sizeM: 200, cameras: [cam] }), 1.6);
    for (const dM of [10, 20, 40]) {
      const cell = cellAt(engine, 20.25 + dM, 100.25);
      const want = 2560 / (2 * dM * Math.tan(Math.PI / 4));
      assert.ok(Math.abs(engine.bestPxPerM(cell) - want) / want < 0.03, `at ${dM} m: ${engine.bestPxPerM(cell)} vs ${want}`);
    }
    for (const [rank, pxPerM] of [[4, 250], [3, 125], [2, 62], [1, 25]] as const) {
      const radiusM = distanceForPxPerM(2560, 90, pxPerM);
      let farthestM = 0;
      for (let dM = 0.5; dM < 110; dM += CELL_M) {
        if (doriRank(engine.bestPxPerM(cellAt(engine, 20.25 + dM, 100.25))) >= rank) farthestM = dM;
      }
      assert.ok(Math.abs(farthestM - radiusM) <= CELL_M, `rank ${rank}: ring at ${farthestM} m, analytic ${radiusM} m`);
    }
  });
});

describe("coverage engine: occlusion", () => {
  it("a building between camera and cells casts the expected shadow", () => {
    // Eye 10 m; block 4 m high from 20 to 30 m ahead: the sight line over its far roof edge
    // reaches the ground 30·10/6 = 50 m ahead, so ground 30–50 m ahead is hidden.
    const cam = camera("c1", 20, 100, 10, { yawDeg: 90, pitchDeg: -10, hfovDeg: 60, vfovDeg: 60, rangeM: 100 });
    const block = building("b1", rect(40, 90, 50, 110), 4);
    const engine = analyse(campus({ sizeM: 200, cameras: [cam], buildings: [block] }), 0);
    const seen = (dM: number): boolean => engine.cameraCount(cellAt(engine, 20 + dM, 100.25)) > 0;
    for (let dM = 12; dM < 19.5; dM += 0.5) assert.ok(seen(dM), `ground ${dM} m ahead, before the block, is seen`);
    for (let dM = 31; dM < 49; dM += 0.5) assert.ok(!seen(dM), `ground ${dM} m ahead is in the shadow`);
    for (let dM = 51; dM < 80; dM += 0.5) assert.ok(seen(dM), `ground ${dM} m ahead, past the shadow, is seen`);
    // Beside the block (outside its shadow wedge) the ground stays visible.
    assert.ok(engine.cameraCount(cellAt(engine, 60, 120)) > 0);
  });

  it("a camera behind a wall sees nothing beyond it", () => {
    const cam = camera("c1", 50, 100, 2, { yawDeg: 90, pitchDeg: 0, hfovDeg: 100, vfovDeg: 60, rangeM: 80 });
    const model = campus({ sizeM: 200, cameras: [cam], paths: [wall("w1", [[55, 0], [55, 200]])] });
    const engine = analyse(model, 1.6, 2.5);
    const cells = engine.cellsOf("c1").cells;
    assert.ok(cells.length > 20, "the strip before the wall is seen");
    for (const cell of cells) {
      const e = engine.grid.originE + ((cell % engine.grid.width) + 0.5) * CELL_M;
      assert.ok(e < 55, `cell at east ${e} beyond the wall is not visible`);
    }
  });
});
