import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { LineM } from "../../contracts/geometry";
import { clipPolylineToRing, intersectRings } from "./clip";
import { areaM2 } from "./planar";

// Concave clippers on purpose: Sutherland–Hodgman would get every case here wrong.
const L_SHAPE: LineM = [[0, 0], [10, 0], [10, 4], [4, 4], [4, 10], [0, 10]];
const U_SHAPE: LineM = [[0, 0], [10, 0], [10, 10], [7, 10], [7, 3], [3, 3], [3, 10], [0, 10]];
const square = (x0: number, y0: number, x1: number, y1: number): LineM => [[x0, y0], [x1, y0], [x1, y1], [x0, y1]];
const totalArea = (rings: LineM[] | null) => (rings ?? []).reduce((s, r) => s + areaM2(r), 0);

describe("intersectRings (Greiner–Hormann)", () => {
  it("clips a square against the notch of an L-shaped outline", () => {
    const out = intersectRings(square(2, 2, 8, 8), L_SHAPE);
    assert.equal(out?.length, 1);
    assert.ok(Math.abs(totalArea(out) - 20) < 1e-9, `area ${totalArea(out)}`);
  });

  it("splits a bar across a U-shaped outline into two pieces", () => {
    const out = intersectRings(square(1, 5, 9, 7), U_SHAPE);
    assert.equal(out?.length, 2);
    assert.ok(Math.abs(areaM2(out![0]!) - 4) < 1e-9 && Math.abs(areaM2(out![1]!) - 4) < 1e-9);
  });

  it("handles shared edges and vertices on the outline (degenerate input) by nudging", () => {
    const out = intersectRings(square(0, 0, 5, 5), L_SHAPE);
    assert.ok(Math.abs(totalArea(out) - 24) < 1e-3, `area ${totalArea(out)}`);
    const onVertex = intersectRings([[4, 4], [8, 4], [8, 8], [4, 8]], L_SHAPE); // touches the reflex corner only
    assert.ok(totalArea(onVertex) < 1e-3);
  });

  it("returns the subject when inside, the clipper when it encloses it, nothing when apart", () => {
    assert.deepEqual(intersectRings(square(1, 1, 2, 2), L_SHAPE), [square(1, 1, 2, 2)]);
    assert.deepEqual(intersectRings(L_SHAPE, square(-1, -1, 11, 11)), [L_SHAPE]);
    assert.deepEqual(intersectRings(square(6, 6, 9, 9), L_SHAPE), []);
  });
});

describe("clipPolylineToRing", () => {
  it("keeps the inside pieces of a line crossing a concave outline, marking cut ends", () => {
    const pieces = clipPolylineToRing([[-2, 6], [12, 6]], U_SHAPE);
    assert.equal(pieces.length, 2);
    assert.deepEqual(pieces.map((p) => p.points), [[[0, 6], [3, 6]], [[7, 6], [10, 6]]]);
    assert.ok(pieces.every((p) => p.startVertex === -1 && p.endVertex === -1));
  });

  it("keeps original vertex indices at uncut ends and continues across vertices", () => {
    const [piece, ...rest] = clipPolylineToRing([[1, 1], [2, 1], [2, 2], [2, 12]], L_SHAPE);
    assert.equal(rest.length, 0);
    assert.deepEqual(piece!.points, [[1, 1], [2, 1], [2, 2], [2, 10]]);
    assert.deepEqual([piece!.startVertex, piece!.endVertex], [0, -1]);
  });

  it("keeps a line drawn just outside the outline only within the tolerance", () => {
    assert.equal(clipPolylineToRing([[0, -1], [10, -1]], L_SHAPE).length, 0);
    assert.equal(clipPolylineToRing([[0, -1], [10, -1]], L_SHAPE, 3).length, 1);
  });
});
