import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Color, Matrix4, Vector3 } from "three";
import type { Building, Device } from "../../server/contracts/campus";
import { composeMarkerMatrix } from "../components/scene/marker-shapes";
import { boundsOf, openRing, radiusOf } from "./scene-coords";
import { buildingOutlineGeometry, buildingsGeometry, ribbonsGeometry, segmentPlacements } from "./scene-geometry";

const close = (a: number, b: number, eps = 1e-6) => assert.ok(Math.abs(a - b) < eps, `${a} ≠ ${b}`);

function building(footprint: [number, number][], heightM = 12, floors = 4): Building {
  return { id: "b", name: "b", kind: "teaching", footprint, heightM, floors };
}

const colours = () => ({ wall: new Color(1, 0, 0), roof: new Color(0, 0, 1) });

describe("scene geometry (ENU metres → three.js: x = east, y = up, z = −north)", () => {
  it("extrudes a footprint from the ground to its height, north becoming −z", () => {
    const g = buildingsGeometry([building([[10, 20], [30, 20], [30, 50], [10, 50]])], colours)!;
    g.computeBoundingBox();
    const box = g.boundingBox!;
    close(box.min.x, 10); close(box.max.x, 30);
    close(box.min.y, 0); close(box.max.y, 12);
    close(box.min.z, -50); close(box.max.z, -20);
  });

  it("paints roofs and walls differently, whatever the footprint's winding", () => {
    for (const ring of [[[0, 0], [10, 0], [10, 10], [0, 10]], [[0, 0], [0, 10], [10, 10], [10, 0]]] as [number, number][][]) {
      const g = buildingsGeometry([building(ring)], colours)!;
      const pos = g.getAttribute("position");
      const col = g.getAttribute("color");
      const nrm = g.getAttribute("normal");
      let roofBlue = 0;
      for (let i = 0; i < pos.count; i++) {
        if (nrm.getY(i) > 0.5) {
          close(pos.getY(i), 12);
          assert.equal(col.getZ(i), 1);
          roofBlue++;
        } else if (Math.abs(nrm.getY(i)) < 0.1) assert.equal(col.getX(i), 1);
      }
      assert.ok(roofBlue >= 3, "the roof faces upwards (counter-clockwise shape)");
    }
  });

  it("merges every building into one geometry and skips degenerate footprints", () => {
    const g = buildingsGeometry([building([[0, 0], [10, 0], [10, 10]]), building([[0, 0], [1, 1]]), building([[50, 0], [60, 0], [60, 5], [50, 5], [50, 0]])], colours)!;
    g.computeBoundingBox();
    close(g.boundingBox!.max.x, 60);
    assert.equal(buildingsGeometry([building([[0, 0], [1, 1]])], colours), null);
  });

  it("draws one outline ring per floor plus the corners", () => {
    const g = buildingOutlineGeometry([building([[0, 0], [10, 0], [10, 10], [0, 10]], 12, 4)]);
    // 4 floors × 4 edges + 4 corners, 2 points per line segment
    assert.equal(g.getAttribute("position").count, (4 * 4 + 4) * 2);
  });

  it("builds ribbons of the path width", () => {
    const g = ribbonsGeometry([{ line: [[0, 0], [100, 0]], widthM: 8 }], 0.1)!;
    g.computeBoundingBox();
    const b = g.boundingBox!;
    close(b.max.z - b.min.z, 8);
    close(b.max.x - b.min.x, 108); // square caps: half the width past each end
    close(b.min.y, 0.1);
    assert.equal(ribbonsGeometry([{ line: [[5, 5], [5, 5]], widthM: 3 }], 0), null);
  });

  it("mitres joints: a right-angle corner keeps the full width on both legs", () => {
    const g = ribbonsGeometry([{ line: [[0, 0], [100, 0], [100, 100]], widthM: 10 }], 0)!;
    g.computeBoundingBox();
    const b = g.boundingBox!;
    close(b.min.x, -5); close(b.max.x, 105);
    close(b.min.z, -105); close(b.max.z, 5);
    assert.equal(g.getAttribute("position").count, 2 * 6);
  });

  it("treats a line ending where it starts as a loop (a running track)", () => {
    const square: [number, number][] = [[0, 0], [50, 0], [50, 50], [0, 50], [0, 0]];
    const g = ribbonsGeometry([{ line: square, widthM: 6 }], 0)!;
    assert.equal(g.getAttribute("position").count, 4 * 6);
    g.computeBoundingBox();
    close(g.boundingBox!.min.x, -3); close(g.boundingBox!.max.x, 53);
  });

  it("places wall pieces at their midpoints with their bearing", () => {
    const [a, b] = segmentPlacements([[[0, 0], [100, 0], [100, 50]]]);
    assert.deepEqual([a!.midE, a!.midN, a!.lengthM], [50, 0, 100]);
    close(a!.angleRad, 0);
    close(b!.angleRad, Math.PI / 2);
  });

  it("points a camera marker along its yaw (clockwise from north) and pitch", () => {
    const cam = (yawDeg: number, pitchDeg: number): Device => ({
      id: "c", kind: "camera", protocol: "gb28181", externalId: "c", name: "c", buildingId: null, floor: 0,
      position: [10, 20, 5], optics: { yawDeg, pitchDeg, rollDeg: 0, hfovDeg: 90, vfovDeg: 60, resolutionW: 1920, resolutionH: 1080, rangeM: 30 },
      polyline: null, parentId: null, model: null, manufacturer: null, status: "online", attrs: {},
    });
    const m = new Matrix4();
    const forward = (d: Device) => {
      composeMarkerMatrix(d, m);
      const apex = new Vector3(0, 0, 0).applyMatrix4(m);
      return new Vector3(0, 0, -1).applyMatrix4(m).sub(apex).normalize();
    };
    const apex = new Vector3().applyMatrix4(composeMarkerMatrix(cam(0, 0), m));
    assert.deepEqual(apex.toArray(), [10, 5, -20]);
    const north = forward(cam(0, 0));
    close(north.z, -1, 1e-9);
    const east = forward(cam(90, 0));
    close(east.x, 1, 1e-9);
    const downSouth = forward(cam(180, -30));
    close(downSouth.z, Math.cos(Math.PI / 6), 1e-9);
    close(downSouth.y, -0.5, 1e-9);
  });

  it("computes bounds and radius, and opens closed rings", () => {
    const b = boundsOf([[-100, -50], [100, 50]]);
    close(radiusOf(b), Math.hypot(200, 100) / 2);
    assert.equal(openRing([[0, 0], [1, 0], [0, 1], [0, 0]]).length, 3);
  });
});
