import type * as MapLibre from "maplibre-gl";
import type { GeoJSONSource, Map as GlMap, MapLayerMouseEvent } from "maplibre-gl";
import type { CampusModel } from "../../../server/contracts/campus";
import { overlayGeo, type MapOverlays } from "./map-overlays";
import { OVERLAY_SOURCES } from "./map-style";

// Writes the overlays (patrol routes, checkpoints, guards, incidents, density) into the map's
// GeoJSON sources with setData, and opens an HTML popup on click (no glyphs: the GL layer draws
// no text). Only API shared by maplibre-gl and mapbox-gl (getSource/setData, Popup, layer events).
// The counts go on the canvas element as data-* (the e2e and the duty officer's devtools read them).

export function applyOverlays(map: GlMap, campus: CampusModel, overlays: MapOverlays, container: HTMLElement, nowMs = Date.now()): void {
  const geo = overlayGeo(campus, overlays, nowMs);
  for (const key of Object.keys(OVERLAY_SOURCES) as (keyof typeof OVERLAY_SOURCES)[]) {
    map.getSource<GeoJSONSource>(OVERLAY_SOURCES[key])?.setData(geo[key]);
  }
  container.dataset.patrolRoutes = String(geo.routes.features.length);
  container.dataset.checkpointsChecked = String(geo.checkpoints.features.filter((f) => f.properties?.status !== "unchecked").length);
  container.dataset.guards = geo.guards.features.map((f) => String(f.id)).sort().join(",");
  container.dataset.incidents = String(geo.incidents.features.length);
  container.dataset.heatPoints = String(geo.density.features.length);
}

export interface PopupWords {
  checkpoint: string;
  guard: string;
  lastCheckin: string;
  notChecked: string;
  incident: string;
  perM2: string;
}

type Row = [label: string, value: string];

function popupRows(layer: string, p: Record<string, unknown>, w: PopupWords, time: (iso: string) => string): { title: string; rows: Row[] } {
  const str = (k: string) => (typeof p[k] === "string" || typeof p[k] === "number" ? String(p[k]) : "");
  if (layer === "checkpoints") {
    return { title: `${w.checkpoint} · ${str("name")}`, rows: str("lastAt") ? [[w.lastCheckin, time(str("lastAt"))], [w.guard, str("guardId")]] : [[w.lastCheckin, w.notChecked]] };
  }
  if (layer === "guards") return { title: `${w.guard} · ${str("guardId")}`, rows: [[w.lastCheckin, time(str("lastAt"))], [w.checkpoint, str("checkpoint")]] };
  return { title: `${w.incident} · ${str("title")}`, rows: [[w.incident, `${str("state")} · S${str("severity")}`], ["", time(str("openedAt"))]] };
}

/** Click on a checkpoint, guard or incident: a popup with its last check-in / details. */
export function bindOverlayPopups(Popup: typeof MapLibre.Popup, map: GlMap, words: PopupWords, timeZone: string): void {
  const fmt = new Intl.DateTimeFormat("zh-CN", { timeZone, hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
  const time = (iso: string) => (iso ? fmt.format(new Date(iso)) : "—");
  for (const layer of ["checkpoints", "guards", "incidents"]) {
    map.on("click", layer, (e: MapLayerMouseEvent) => {
      const f = e.features?.[0];
      if (!f) return;
      const { title, rows } = popupRows(layer, f.properties ?? {}, words, time);
      const el = document.createElement("div");
      el.dataset.testid = "map-popup";
      el.append(Object.assign(document.createElement("b"), { textContent: title }));
      for (const [label, value] of rows) el.append(Object.assign(document.createElement("div"), { textContent: label ? `${label}: ${value}` : value }));
      new Popup({ closeButton: true, maxWidth: "260px" }).setLngLat(e.lngLat).setDOMContent(el).addTo(map);
    });
    map.on("mouseenter", layer, () => void (map.getCanvas().style.cursor = "pointer"));
    map.on("mouseleave", layer, () => void (map.getCanvas().style.cursor = ""));
  }
}
