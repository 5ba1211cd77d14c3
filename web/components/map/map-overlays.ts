import type { Feature, FeatureCollection, LineString, Point, Position } from "geojson";
import type { MapIncident, PatrolCheckin, ZoneDensity } from "../../../server/api/queries/city";
import type { CampusModel } from "../../../server/contracts/campus";
import { CLOSED_INCIDENT_STATES, type IncidentState } from "../../../server/contracts/incident";
import { frameOf, toLonLat } from "../../lib/geo";
import type { WireFrame } from "../../lib/live";

// The patrol, guard, incident and density overlays of the 2D map (issue 9, R-2.4): folded from
// city.mapState at load and then from live frames (pure, so tests and replays can use them), and
// turned into GeoJSON for the map's sources (map-style.ts).

export interface MapOverlays {
  /** Checkpoint device id → its latest check-in today. */
  checkpoints: ReadonlyMap<string, PatrolCheckin>;
  /** Guard id → the guard's latest check-in today (last known position). */
  guards: ReadonlyMap<string, PatrolCheckin>;
  /** Open incidents by id. */
  incidents: ReadonlyMap<string, MapIncident>;
  /** Zone id → latest density sample. */
  density: ReadonlyMap<string, ZoneDensity>;
}

/** A checkpoint checked within this long is on schedule; older than that it is due again. */
export const CHECKPOINT_DUE_AFTER_MS = 2 * 3600_000;

export type CheckpointStatus = "ok" | "due" | "unchecked";

export function overlaysFromState(s: { checkpoints: PatrolCheckin[]; guards: PatrolCheckin[]; openIncidents: MapIncident[]; density: ZoneDensity[] }): MapOverlays {
  return {
    checkpoints: new Map(s.checkpoints.map((c) => [c.deviceId, c])),
    guards: new Map(s.guards.map((g) => [g.guardId, g])),
    incidents: new Map(s.openIncidents.map((i) => [i.id, i])),
    density: new Map(s.density.map((d) => [d.zoneId, d])),
  };
}

type WireIncident = WireFrame["incidents"][number]["incident"];

function incidentOf(i: WireIncident): MapIncident {
  return {
    id: i.id, kind: i.kind, severity: i.severity, state: i.state, title: i.title,
    xM: i.location?.xM ?? null, yM: i.location?.yM ?? null, openedAt: new Date(i.openedAt).toISOString(),
  };
}

/** fusion's incident.opened / incident.updated events carry the whole incident as JSON (server/fusion/incident-book.ts). */
function incidentInEvent(data: Record<string, unknown>): WireIncident | null {
  const i = data.incident;
  if (!i || typeof i !== "object") return null;
  const r = i as Record<string, unknown>;
  const ok = typeof r.id === "string" && typeof r.state === "string" && typeof r.severity === "number" && typeof r.title === "string" && typeof r.openedAt === "string";
  return ok ? (i as WireIncident) : null;
}

/** Folds one live frame into the overlays; unchanged maps keep their identity (cheap re-render checks). */
export function applyOverlayFrame(s: MapOverlays, frame: WireFrame): MapOverlays {
  let { checkpoints, guards, incidents, density } = s;
  for (const e of frame.events) {
    if (e.kind === "patrol.checkin" && e.deviceId && typeof e.data.guardId === "string") {
      const c: PatrolCheckin = {
        seq: e.seq, occurredAt: e.occurredAt, deviceId: e.deviceId, guardId: e.data.guardId,
        routeId: typeof e.data.routeId === "string" ? e.data.routeId : null,
        order: typeof e.data.order === "number" ? e.data.order : null,
        xM: e.location?.xM ?? null, yM: e.location?.yM ?? null,
      };
      checkpoints = new Map(checkpoints).set(c.deviceId, c);
      guards = new Map(guards).set(c.guardId, c);
    } else if (e.kind === "density.sample" && typeof e.data.zoneId === "string" && typeof e.data.perM2 === "number") {
      density = new Map(density).set(e.data.zoneId, { zoneId: e.data.zoneId, perM2: e.data.perM2, occurredAt: e.occurredAt, seq: e.seq });
    }
  }
  // Notices and incident.* events both describe incidents (a notice may share its seq with the
  // event that opened the incident, so either can be the one that arrives); in seq order.
  const changed = [
    ...frame.events.filter((e) => e.kind.startsWith("incident.")).map((e) => ({ seq: e.seq, incident: incidentInEvent(e.data) })),
    ...frame.incidents.map((n) => ({ seq: n.seq, incident: n.incident })),
  ].filter((c): c is { seq: number; incident: WireIncident } => c.incident !== null).sort((a, b) => a.seq - b.seq);
  if (changed.length) {
    const next = new Map(incidents);
    for (const { incident } of changed) {
      if (CLOSED_INCIDENT_STATES.has(incident.state as IncidentState)) next.delete(incident.id);
      else next.set(incident.id, incidentOf(incident));
    }
    incidents = next;
  }
  return { checkpoints, guards, incidents, density };
}

export function checkpointStatus(last: PatrolCheckin | undefined, nowMs: number): CheckpointStatus {
  if (!last) return "unchecked";
  return nowMs - Date.parse(last.occurredAt) < CHECKPOINT_DUE_AFTER_MS ? "ok" : "due";
}

const collection = <G extends Point | LineString>(features: Feature<G>[]): FeatureCollection<G> => ({ type: "FeatureCollection", features });

function point(id: string, coordinates: Position, properties: Record<string, unknown>): Feature<Point> {
  return { type: "Feature", id, properties: { id, ...properties }, geometry: { type: "Point", coordinates } };
}

export interface OverlayGeo {
  routes: FeatureCollection<LineString>;
  checkpoints: FeatureCollection<Point>;
  guards: FeatureCollection<Point>;
  incidents: FeatureCollection<Point>;
  density: FeatureCollection<Point>;
}

/**
 * Patrol routes: each route's checkpoints joined in `order`. Route and order come from the latest
 * check-in (what the guard's reader reported) or else from the checkpoint's planned attrs; a
 * checkpoint with neither stays a point only.
 */
function routeLines(campus: CampusModel, o: MapOverlays, at: (x: number, y: number) => Position): Feature<LineString>[] {
  const routes = new Map<string, { order: number; position: Position }[]>();
  for (const d of campus.devices) {
    if (d.kind !== "patrol_checkpoint") continue;
    const last = o.checkpoints.get(d.id);
    const routeId = last?.routeId ?? (typeof d.attrs.routeId === "string" ? d.attrs.routeId : null);
    const order = last?.order ?? (typeof d.attrs.order === "number" ? d.attrs.order : null);
    if (routeId === null || order === null) continue;
    routes.set(routeId, [...(routes.get(routeId) ?? []), { order, position: at(d.position[0], d.position[1]) }]);
  }
  return [...routes].filter(([, stops]) => stops.length >= 2).map(([routeId, stops]) => ({
    type: "Feature", id: routeId, properties: { id: routeId, checkpoints: stops.length },
    geometry: { type: "LineString", coordinates: stops.sort((a, b) => a.order - b.order).map((s) => s.position) },
  }));
}

export function overlayGeo(campus: CampusModel, o: MapOverlays, nowMs: number): OverlayGeo {
  const frame = frameOf(campus);
  const at = (x: number, y: number) => toLonLat(frame, [x, y]);
  const devices = new Map(campus.devices.map((d) => [d.id, d]));
  const checkpoints = campus.devices.filter((d) => d.kind === "patrol_checkpoint").map((d) => {
    const last = o.checkpoints.get(d.id);
    return point(d.id, at(d.position[0], d.position[1]), {
      name: d.name, status: checkpointStatus(last, nowMs), guardId: last?.guardId ?? "", lastAt: last?.occurredAt ?? "",
    });
  });
  const guards = [...o.guards.values()].flatMap((g) => {
    const d = devices.get(g.deviceId);
    const xy = g.xM !== null && g.yM !== null ? [g.xM, g.yM] : d ? [d.position[0], d.position[1]] : null;
    return xy ? [point(g.guardId, at(xy[0]!, xy[1]!), { guardId: g.guardId, lastAt: g.occurredAt, checkpoint: d?.name ?? g.deviceId })] : [];
  });
  const incidents = [...o.incidents.values()].flatMap((i) => i.xM === null || i.yM === null ? [] : [
    point(i.id, at(i.xM, i.yM), { title: i.title, severity: i.severity, state: i.state, openedAt: i.openedAt }),
  ]);
  const zones = new Map(campus.zones.map((z) => [z.id, z]));
  const density = [...o.density.values()].flatMap((s) => {
    const z = zones.get(s.zoneId);
    if (!z) return [];
    // The vertex mean: zones are small convex-ish areas, where it lies inside the zone.
    const cx = z.polygon.reduce((sum, p) => sum + p[0], 0) / z.polygon.length;
    const cy = z.polygon.reduce((sum, p) => sum + p[1], 0) / z.polygon.length;
    return [point(z.id, at(cx, cy), { name: z.name, perM2: s.perM2 })];
  });
  return { routes: collection(routeLines(campus, o, at)), checkpoints: collection(checkpoints), guards: collection(guards), incidents: collection(incidents), density: collection(density) };
}
