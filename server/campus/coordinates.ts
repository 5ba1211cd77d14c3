import type { GeoOrigin } from "../contracts/geometry";

// WGS84 ↔ campus-local east-north-up (ENU) metres around a geographic origin (DESIGN
// "Coordinates"). Exact, not a flat-earth approximation: geodetic → ECEF → ENU and back, so
// the twin, Cesium (/city) and the 2D map (/map) agree to the millimetre across a campus.
// Isomorphic: no Node imports, the web bundles it too.

/** WGS84 ellipsoid (NIMA TR8350.2 §3). */
export const WGS84_A_M = 6_378_137;
export const WGS84_F = 1 / 298.257223563;
const E2 = WGS84_F * (2 - WGS84_F); // first eccentricity squared

const DEG = Math.PI / 180;

export type Vec3 = [number, number, number];

export interface GeoPoint {
  latDeg: number;
  lonDeg: number;
  altM: number;
}

export interface LocalFrame {
  readonly origin: GeoOrigin;
  /** WGS84 → [east, north, up] metres relative to the origin. */
  toLocal(latDeg: number, lonDeg: number, altM?: number): Vec3;
  /** [east, north, up] metres → WGS84. */
  toGeo(eastM: number, northM: number, upM?: number): GeoPoint;
}

export class CoordinateError extends Error {
  override name = "CoordinateError";
}

export function geodeticToEcef(latDeg: number, lonDeg: number, altM = 0): Vec3 {
  const lat = latDeg * DEG;
  const lon = lonDeg * DEG;
  const sinLat = Math.sin(lat);
  const cosLat = Math.cos(lat);
  const n = WGS84_A_M / Math.sqrt(1 - E2 * sinLat * sinLat); // prime vertical radius
  return [
    (n + altM) * cosLat * Math.cos(lon),
    (n + altM) * cosLat * Math.sin(lon),
    (n * (1 - E2) + altM) * sinLat,
  ];
}

/**
 * ECEF → geodetic by fixed-point iteration on latitude (Bowring's start value). Height uses the
 * form that stays well-conditioned at the poles (no division by cos φ). Converges to < 1e-12 rad
 * in a handful of steps anywhere near the Earth's surface.
 */
export function ecefToGeodetic(x: number, y: number, z: number): GeoPoint {
  const p = Math.hypot(x, y);
  const lon = Math.atan2(y, x);
  const b = WGS84_A_M * (1 - WGS84_F);
  const ep2 = (WGS84_A_M * WGS84_A_M - b * b) / (b * b);
  const theta = Math.atan2(z * WGS84_A_M, p * b);
  let lat = Math.atan2(z + ep2 * b * Math.sin(theta) ** 3, p - E2 * WGS84_A_M * Math.cos(theta) ** 3);
  for (let i = 0; i < 10; i++) {
    const sinLat = Math.sin(lat);
    const n = WGS84_A_M / Math.sqrt(1 - E2 * sinLat * sinLat);
    const h = p * Math.cos(lat) + z * sinLat - (WGS84_A_M * WGS84_A_M) / n;
    const next = Math.atan2(z, p * (1 - (E2 * n) / (n + h)));
    const done = Math.abs(next - lat) < 1e-14;
    lat = next;
    if (done) break;
  }
  const sinLat = Math.sin(lat);
  const n = WGS84_A_M / Math.sqrt(1 - E2 * sinLat * sinLat);
  const altM = p * Math.cos(lat) + z * sinLat - (WGS84_A_M * WGS84_A_M) / n;
  return { latDeg: lat / DEG, lonDeg: lon / DEG, altM };
}

export function createLocalFrame(origin: GeoOrigin): LocalFrame {
  if (!Number.isFinite(origin.latDeg) || Math.abs(origin.latDeg) > 90 || !Number.isFinite(origin.lonDeg)) {
    throw new CoordinateError(`Invalid origin lat=${origin.latDeg} lon=${origin.lonDeg}`);
  }
  const alt0 = origin.altM ?? 0;
  const [x0, y0, z0] = geodeticToEcef(origin.latDeg, origin.lonDeg, alt0);
  const lat = origin.latDeg * DEG;
  const lon = origin.lonDeg * DEG;
  const sLat = Math.sin(lat), cLat = Math.cos(lat), sLon = Math.sin(lon), cLon = Math.cos(lon);
  // Rows of the ECEF → ENU rotation; its transpose maps back.
  const east: Vec3 = [-sLon, cLon, 0];
  const north: Vec3 = [-sLat * cLon, -sLat * sLon, cLat];
  const up: Vec3 = [cLat * cLon, cLat * sLon, sLat];
  return {
    origin: { latDeg: origin.latDeg, lonDeg: origin.lonDeg, altM: alt0 },
    toLocal(latDeg, lonDeg, altM = alt0) {
      const [x, y, z] = geodeticToEcef(latDeg, lonDeg, altM);
      const dx = x - x0, dy = y - y0, dz = z - z0;
      return [
        east[0] * dx + east[1] * dy,
        north[0] * dx + north[1] * dy + north[2] * dz,
        up[0] * dx + up[1] * dy + up[2] * dz,
      ];
    },
    toGeo(eastM, northM, upM = 0) {
      const x = x0 + east[0] * eastM + north[0] * northM + up[0] * upM;
      const y = y0 + east[1] * eastM + north[1] * northM + up[1] * upM;
      const z = z0 + north[2] * northM + up[2] * upM;
      return ecefToGeodetic(x, y, z);
    },
  };
}
