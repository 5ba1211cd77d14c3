import type { Device } from "../../server/contracts/campus";
import type { Beacon, LiveState } from "./live-store";
import { openIncidents } from "./live-store";

// Where alarm beacons stand: at every device whose alarm is active and at every open incident's
// location (an incident without a location borrows its first device's). Fence zones stand at the
// middle of their polyline. Memoised per live-state version, so the scene reads it every frame
// for free and it is rebuilt only when something changed.

export function devicePoint(d: Device): [number, number, number] {
  if (d.polyline && d.polyline.length >= 2) {
    const mid = d.polyline[Math.floor((d.polyline.length - 1) / 2)]!;
    const next = d.polyline[Math.floor((d.polyline.length - 1) / 2) + 1]!;
    return [(mid[0] + next[0]) / 2, (mid[1] + next[1]) / 2, 3];
  }
  return [d.position[0], d.position[1], Math.max(d.position[2], 0)];
}

export function computeBeacons(s: LiveState, devices: ReadonlyMap<string, Device>): Beacon[] {
  const out: Beacon[] = [];
  const placed = new Set<string>();
  for (const inc of openIncidents(s)) {
    const first = inc.deviceIds.map((id) => devices.get(id)).find((d) => d !== undefined);
    const point = first ? devicePoint(first) : inc.location ? [inc.location.xM, inc.location.yM, 0] as const : null;
    if (!point) continue;
    out.push({ key: `incident:${inc.id}`, eastM: point[0], northM: point[1], upM: point[2], severity: inc.severity, sinceMs: +new Date(inc.openedAt), deviceId: first?.id ?? null, incidentId: inc.id });
    for (const id of inc.deviceIds) placed.add(id);
  }
  for (const [id, sinceMs] of s.alarmDevices) {
    const d = devices.get(id);
    if (!d || placed.has(id)) continue;
    const [e, n, up] = devicePoint(d);
    out.push({ key: `device:${id}`, eastM: e, northM: n, upM: up, severity: 3, sinceMs, deviceId: id, incidentId: null });
  }
  return out;
}

/** A reader that recomputes only when the live state's version moved. */
export function beaconReader(get: () => LiveState, devices: ReadonlyMap<string, Device>): () => Beacon[] {
  let version = -1;
  let cached: Beacon[] = [];
  return () => {
    const s = get();
    if (s.stateVersion !== version) {
      version = s.stateVersion;
      cached = computeBeacons(s, devices);
    }
    return cached;
  };
}
