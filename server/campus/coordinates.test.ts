import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createLocalFrame, ecefToGeodetic, geodeticToEcef, WGS84_A_M, WGS84_F } from "./coordinates";
import { createPrng } from "./prng";

const DEG = Math.PI / 180;

/** Vincenty's inverse formula on WGS84 (Survey Review 1975), an independent distance reference. */
function vincentyM(lat1Deg: number, lon1Deg: number, lat2Deg: number, lon2Deg: number): number {
  const a = WGS84_A_M, f = WGS84_F, b = a * (1 - f);
  const L = (lon2Deg - lon1Deg) * DEG;
  const U1 = Math.atan((1 - f) * Math.tan(lat1Deg * DEG));
  const U2 = Math.atan((1 - f) * Math.tan(lat2Deg * DEG));
  const sinU1 = Math.sin(U1), cosU1 = Math.cos(U1), sinU2 = Math.sin(U2), cosU2 = Math.cos(U2);
  let lambda = L;
  let sinSigma = 0, cosSigma = 0, sigma = 0, cos2Alpha = 0, cos2SigmaM = 0;
  for (let i = 0; i < 200; i++) {
    const sinL = Math.sin(lambda), cosL = Math.cos(lambda);
    sinSigma = Math.hypot(cosU2 * sinL, cosU1 * sinU2 - sinU1 * cosU2 * cosL);
    cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosL;
    sigma = Math.atan2(sinSigma, cosSigma);
    const sinAlpha = (cosU1 * cosU2 * sinL) / sinSigma;
    cos2Alpha = 1 - sinAlpha * sinAlpha;
    cos2SigmaM = cos2Alpha === 0 ? 0 : cosSigma - (2 * sinU1 * sinU2) / cos2Alpha;
    const C = (f / 16) * cos2Alpha * (4 + f * (4 - 3 * cos2Alpha));
    const prev = lambda;
    lambda = L + (1 - C) * f * sinAlpha * (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM ** 2)));
    if (Math.abs(lambda - prev) < 1e-13) break;
  }
  const u2 = (cos2Alpha * (a * a - b * b)) / (b * b);
  const A = 1 + (u2 / 16384) * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)));
  const B = (u2 / 1024) * (256 + u2 * (-128 + u2 * (74 - 47 * u2)));
  const dSigma = B * sinSigma * (cos2SigmaM + (B / 4) * (cosSigma * (-1 + 2 * cos2SigmaM ** 2)
    - (B / 6) * cos2SigmaM * (-3 + 4 * sinSigma ** 2) * (-3 + 4 * cos2SigmaM ** 2)));
  return b * A * (sigma - dSigma);
}

const ORIGINS = [
  { name: "Shanghai", latDeg: 31.28, lonDeg: 121.5, altM: 4 },
  { name: "Harbin", latDeg: 45.75, lonDeg: 126.63, altM: 150 },
  { name: "Sanya", latDeg: 18.25, lonDeg: 109.5, altM: 0 },
  { name: "Lhasa", latDeg: 29.65, lonDeg: 91.1, altM: 3650 },
  { name: "near antimeridian", latDeg: -41.3, lonDeg: 179.99, altM: 10 },
  { name: "high latitude", latDeg: 78.2, lonDeg: 15.6, altM: 20 },
];

describe("coordinates", () => {
  it("ECEF round trip is exact to a micrometre", () => {
    for (const o of ORIGINS) {
      const [x, y, z] = geodeticToEcef(o.latDeg, o.lonDeg, o.altM);
      const g = ecefToGeodetic(x, y, z);
      assert.ok(Math.abs(g.latDeg - o.latDeg) < 1e-11, o.name);
      assert.ok(Math.abs(g.lonDeg - o.lonDeg) < 1e-11, o.name);
      assert.ok(Math.abs(g.altM - o.altM) < 1e-6, o.name);
    }
  });

  it("origin maps to [0,0,0] and north/east are where they should be", () => {
    const f = createLocalFrame({ latDeg: 31.28, lonDeg: 121.5, altM: 0 });
    const [e0, n0, u0] = f.toLocal(31.28, 121.5, 0);
    assert.ok(Math.abs(e0) < 1e-6 && Math.abs(n0) < 1e-6 && Math.abs(u0) < 1e-6);
    const [e, n] = f.toLocal(31.29, 121.5, 0);
    assert.ok(n > 1100 && n < 1120 && Math.abs(e) < 1e-6, `north ${n}`);
    const [e2, n2] = f.toLocal(31.28, 121.51, 0);
    assert.ok(e2 > 940 && e2 < 960 && Math.abs(n2) < 1, `east ${e2}`);
  });

  it("local → geo → local round trips within 1 cm at random points within 5 km", () => {
    const rnd = createPrng(42);
    for (const o of ORIGINS) {
      const f = createLocalFrame(o);
      for (let i = 0; i < 500; i++) {
        const r = 5000 * Math.sqrt(rnd.next());
        const t = rnd.next() * 2 * Math.PI;
        const p: [number, number, number] = [r * Math.cos(t), r * Math.sin(t), rnd.range(-50, 300)];
        const g = f.toGeo(p[0], p[1], p[2]);
        const back = f.toLocal(g.latDeg, g.lonDeg, g.altM);
        const err = Math.hypot(back[0] - p[0], back[1] - p[1], back[2] - p[2]);
        assert.ok(err < 0.01, `${o.name}: round-trip error ${err} m at ${p.join(",")}`);
        // And geo → local → geo.
        const again = f.toGeo(...back);
        assert.ok(Math.abs(again.latDeg - g.latDeg) < 1e-9 && Math.abs(again.lonDeg - g.lonDeg) < 1e-9);
      }
    }
  });

  it("1° of latitude near 31°N is ≈ 110.9 km, matching Vincenty", () => {
    const f = createLocalFrame({ latDeg: 31.28, lonDeg: 121.5, altM: 0 });
    const a = f.toLocal(30.78, 121.5, 0);
    const b = f.toLocal(31.78, 121.5, 0);
    const chordM = Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]);
    const geodesicM = vincentyM(30.78, 121.5, 31.78, 121.5);
    assert.ok(Math.abs(geodesicM - 110_874) < 20, `Vincenty ${geodesicM}`);
    // The ENU chord is shorter than the arc by ≈ s³/(24 R²) ≈ 1.4 m over 111 km.
    assert.ok(geodesicM - chordM > 0.5 && geodesicM - chordM < 3, `chord ${chordM} vs arc ${geodesicM}`);
  });

  it("horizontal distances across a campus equal Vincenty to a centimetre", () => {
    const f = createLocalFrame({ latDeg: 31.28, lonDeg: 121.5, altM: 0 });
    const rnd = createPrng(7);
    for (let i = 0; i < 50; i++) {
      const g1 = f.toGeo(rnd.range(-2000, 2000), rnd.range(-2000, 2000), 0);
      const g2 = f.toGeo(rnd.range(-2000, 2000), rnd.range(-2000, 2000), 0);
      const l1 = f.toLocal(g1.latDeg, g1.lonDeg, 0);
      const l2 = f.toLocal(g2.latDeg, g2.lonDeg, 0);
      const chordM = Math.hypot(l2[0] - l1[0], l2[1] - l1[1], l2[2] - l1[2]);
      const geodesicM = vincentyM(g1.latDeg, g1.lonDeg, g2.latDeg, g2.lonDeg);
      assert.ok(Math.abs(chordM - geodesicM) < 0.01, `${chordM} vs ${geodesicM}`);
    }
  });

  it("rejects an invalid origin", () => {
    assert.throws(() => createLocalFrame({ latDeg: 95, lonDeg: 0, altM: 0 }), /Invalid origin/);
  });
});
