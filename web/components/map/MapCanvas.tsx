"use client";

import "maplibre-gl/dist/maplibre-gl.css";
import type * as MapLibre from "maplibre-gl";
import type { Map as GlMap, Marker } from "maplibre-gl";
import { useEffect, useRef } from "react";
import type { CampusModel, Device } from "../../../server/contracts/campus";
import { campusBounds, campusGeoLayers, deviceLonLat } from "../../lib/geo";
import type { MapLive, MapLiveState } from "./map-live";
import { applyOverlays, bindOverlayPopups, type PopupWords } from "./map-overlay-gl";
import { campusMapStyle, DEVICE_SOURCE, FENCE_SOURCE } from "./map-style";
import styles from "./map.module.css";

// The 2D electronic map (R-2.4 "alarm information shows on the electronic map"). The library is
// maplibre-gl, the open fork with mapbox-gl's API (mapbox-gl ≥ 2 needs a Mapbox token and sends
// telemetry, which a private campus network cannot allow); only the API both share is used here
// (Map, Marker, NavigationControl, ScaleControl, sources, layers, feature-state), so a deployment
// with a Mapbox licence could swap the import. Live state comes from the live store, applied as
// feature-state (no source re-upload) plus one pulsing HTML beacon per device in alarm.

export interface MapReadyStats {
  readyMs: number;
  fenceSegments: number;
  devices: number;
}

type GlLibrary = typeof MapLibre;

const FIT_PADDING_PX = 48;
/** Checkpoint colours age (checked → due) without any event: redraw the overlays this often. */
const OVERLAY_REFRESH_MS = 60_000;

interface Applied {
  fences: MapLiveState["fences"] | null;
  down: MapLiveState["down"] | null;
  alarms: MapLiveState["alarms"] | null;
  overlays: MapLiveState["overlays"] | null;
  markers: Map<string, Marker>;
}

export default function MapCanvas({ campus, store, words, onReady }: { campus: CampusModel; store: MapLive; words: PopupWords; onReady: (s: MapReadyStats) => void }) {
  const containerRef = useRef<HTMLDivElement>(null);
  const onReadyRef = useRef(onReady);
  onReadyRef.current = onReady;
  const wordsRef = useRef(words);
  wordsRef.current = words;

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const startedMs = performance.now();
    let map: GlMap | null = null;
    let unsubscribe: (() => void) | null = null;
    let disposed = false;
    let refresh: ReturnType<typeof setInterval> | null = null;
    const devicesById = new Map(campus.devices.map((d) => [d.id, d]));
    const applied: Applied = { fences: null, down: null, alarms: null, overlays: null, markers: new Map() };

    void import("maplibre-gl").then((lib: GlLibrary) => {
      if (disposed) return;
      const layers = campusGeoLayers(campus);
      const [w, s, e, n] = campusBounds(campus);
      map = new lib.Map({
        container,
        style: campusMapStyle(layers, { latDeg: campus.origin.latDeg, attribution: null }),
        bounds: [[w, s], [e, n]],
        fitBoundsOptions: { padding: FIT_PADDING_PX },
        attributionControl: false,
        // The duty log prints the map too: keep the last frame readable after it is drawn.
        canvasContextAttributes: { antialias: true, preserveDrawingBuffer: true },
        maxZoom: 21,
        dragRotate: false,
      });
      map.addControl(new lib.NavigationControl({ showCompass: false }), "bottom-right");
      map.addControl(new lib.ScaleControl({ unit: "metric", maxWidth: 120 }), "bottom-left");
      const ready = map;
      ready.on("load", () => {
        if (disposed) return;
        const sync = () => applyLive(lib, ready, store.getState(), applied, devicesById, campus, container);
        sync();
        unsubscribe = store.subscribe(sync);
        bindOverlayPopups(lib.Popup, ready, wordsRef.current, campus.timeZone);
        refresh = setInterval(() => applyOverlays(ready, campus, store.getState().overlays, container), OVERLAY_REFRESH_MS);
        ready.once("idle", () => onReadyRef.current({
          readyMs: Math.round(performance.now() - startedMs), fenceSegments: layers.fence.features.length, devices: layers.devices.features.length,
        }));
      });
    });

    return () => {
      disposed = true;
      unsubscribe?.();
      if (refresh) clearInterval(refresh);
      for (const m of applied.markers.values()) m.remove();
      map?.remove();
    };
  }, [campus, store]);

  return <div ref={containerRef} className={styles.map} data-testid="map-canvas" />;
}

/** Writes what changed in the live store into feature-state and beacons; idempotent. */
function applyLive(lib: GlLibrary, map: GlMap, s: MapLiveState, applied: Applied, devices: Map<string, Device>, campus: CampusModel, container: HTMLElement): void {
  if (s.fences !== applied.fences) {
    const prev = applied.fences;
    for (const id of prev?.keys() ?? []) if (!s.fences.has(id)) map.removeFeatureState({ source: FENCE_SOURCE, id });
    for (const [id, state] of s.fences) if (devices.get(id)?.kind === "fence_segment") map.setFeatureState({ source: FENCE_SOURCE, id }, { state });
    applied.fences = s.fences;
    const inAlarm = [...s.fences].filter(([id, st]) => st === "alarm" && devices.has(id)).map(([id]) => id).sort();
    container.dataset.fenceAlarms = inAlarm.join(",");
  }
  if (s.down !== applied.down) {
    for (const [id, down] of s.down) {
      const d = devices.get(id);
      if (d && d.kind !== "fence_segment") map.setFeatureState({ source: DEVICE_SOURCE, id }, { down });
    }
    applied.down = s.down;
  }
  if (s.alarms !== applied.alarms) {
    for (const [id, marker] of applied.markers) {
      if (s.alarms.has(id)) continue;
      marker.remove();
      applied.markers.delete(id);
      if (devices.get(id)?.kind !== "fence_segment") map.setFeatureState({ source: DEVICE_SOURCE, id }, { alarm: false });
    }
    for (const id of s.alarms.keys()) {
      const d = devices.get(id);
      if (!d || applied.markers.has(id)) continue;
      // maplibre positions the marker element with `transform`; the pulse animates a child.
      const el = document.createElement("div");
      el.append(Object.assign(document.createElement("div"), { className: styles.beacon! }));
      el.dataset.testid = "alarm-beacon";
      el.dataset.deviceId = id;
      el.title = d.name;
      applied.markers.set(id, new lib.Marker({ element: el }).setLngLat(deviceLonLat(campus, d)).addTo(map));
      if (d.kind !== "fence_segment") map.setFeatureState({ source: DEVICE_SOURCE, id }, { alarm: true });
    }
    applied.alarms = s.alarms;
  }
  if (s.overlays !== applied.overlays) {
    applyOverlays(map, campus, s.overlays, container);
    applied.overlays = s.overlays;
  }
}
