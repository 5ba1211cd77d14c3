"use client";

import type { CesiumWidget, CustomDataSource } from "cesium";
import { useEffect, useRef } from "react";
import type { CampusModel, CampusSummary } from "../../../server/contracts/campus";
import type { CampusStatus } from "../../../server/api/queries/city";
import { frameOf } from "../../lib/geo";
import { addBoundaries, addCampusDetail, campusIdOf, type FenceStates } from "./campus-entities";
import type { CityMessages } from "./city-messages";
import { LEVEL_COLOURS, worstLevel, type StatusLevel } from "./city-status";
import { loadCesium, NATURAL_EARTH_URL, type Cesium } from "./load-cesium";
import styles from "./city.module.css";

// The city globe on CesiumJS with offline imagery: one status badge per campus over its
// geographic origin (HTML, so Chinese names render crisply with the page's fonts), badges that
// overlap on screen merge into a cluster showing the count and the worst status; a click on a
// badge, a boundary or a building flies to that campus and draws its buildings, fence and alarm
// beacons. requestRenderMode: the globe renders only when something changes (shared 2-core boxes).

export interface GlobeCampus {
  summary: CampusSummary;
  status: CampusStatus | undefined;
  level: StatusLevel;
}

export interface GlobeReadyStats {
  readyMs: number;
}

interface Props {
  t: CityMessages;
  campuses: readonly GlobeCampus[];
  selectedId: string | null;
  detail: { campus: CampusModel; fence: FenceStates } | null;
  onSelect: (campusId: string | null) => void;
  onReady: (stats: GlobeReadyStats) => void;
}

const CLUSTER_PX = 64;
const FLIGHT_S = 1.8;
const CITY_PAD_DEG = 0.04;

interface GlobeHandle {
  C: Cesium;
  widget: CesiumWidget;
  boundaries: CustomDataSource;
  detail: CustomDataSource;
}

function cityRectangle(C: Cesium, campuses: readonly GlobeCampus[]) {
  const lons = campuses.map((c) => c.summary.origin.lonDeg);
  const lats = campuses.map((c) => c.summary.origin.latDeg);
  if (!lons.length) return C.Rectangle.fromDegrees(73, 18, 135, 53); // China, before data arrives
  return C.Rectangle.fromDegrees(Math.min(...lons) - CITY_PAD_DEG, Math.min(...lats) - CITY_PAD_DEG, Math.max(...lons) + CITY_PAD_DEG, Math.max(...lats) + CITY_PAD_DEG);
}

function campusSphere(C: Cesium, s: CampusSummary) {
  const frame = frameOf(s);
  const points = s.boundary.map(([e, n]) => {
    const g = frame.toGeo(e, n, 0);
    return C.Cartesian3.fromDegrees(g.lonDeg, g.latDeg, 0);
  });
  return C.BoundingSphere.fromPoints(points.length ? points : [C.Cartesian3.fromDegrees(s.origin.lonDeg, s.origin.latDeg, 0)]);
}

function createWidget(C: Cesium, container: HTMLElement): CesiumWidget {
  const widget = new C.CesiumWidget(container, {
    baseLayer: C.ImageryLayer.fromProviderAsync(C.TileMapServiceImageryProvider.fromUrl(NATURAL_EARTH_URL, { fileExtension: "jpg" }), { brightness: 0.4, saturation: 0.6 }),
    requestRenderMode: true,
    maximumRenderTimeChange: Infinity,
    msaaSamples: 1,
    shouldAnimate: false,
  });
  const scene = widget.scene;
  scene.globe.baseColor = C.Color.fromCssColorString("#0a1426");
  scene.backgroundColor = C.Color.fromCssColorString("#070d18");
  scene.globe.enableLighting = false;
  scene.screenSpaceCameraController.enableTilt = true;
  return widget;
}

/** Positions badges over their campus, hides those behind the globe, merges overlapping ones. */
function layoutBadges(C: Cesium, widget: CesiumWidget, overlay: HTMLElement, campuses: readonly GlobeCampus[], clusters: Map<string, string[]>): void {
  const scene = widget.scene;
  const occluder = new C.Occluder(new C.BoundingSphere(C.Cartesian3.ZERO, C.Ellipsoid.WGS84.minimumRadius), scene.camera.positionWC);
  const placed: { id: string; x: number; y: number; members: GlobeCampus[] }[] = [];
  clusters.clear();
  for (const c of campuses) { // campuses come most urgent first: a cluster's leader is its worst member
    const p = C.Cartesian3.fromDegrees(c.summary.origin.lonDeg, c.summary.origin.latDeg, 0);
    const win = occluder.isPointVisible(p) ? C.SceneTransforms.worldToWindowCoordinates(scene, p) : undefined;
    const el = overlay.querySelector<HTMLElement>(`[data-campus-id="${CSS.escape(c.summary.id)}"]`);
    if (!el) continue;
    if (!win) {
      el.style.display = "none";
      continue;
    }
    const near = placed.find((q) => Math.hypot(q.x - win.x, q.y - win.y) < CLUSTER_PX);
    if (near) {
      near.members.push(c);
      el.style.display = "none";
      continue;
    }
    placed.push({ id: c.summary.id, x: win.x, y: win.y, members: [c] });
    el.style.display = "";
    el.style.transform = `translate(${Math.round(win.x)}px, ${Math.round(win.y)}px)`;
  }
  for (const q of placed) {
    const el = overlay.querySelector<HTMLElement>(`[data-campus-id="${CSS.escape(q.id)}"]`)!;
    clusters.set(q.id, q.members.map((m) => m.summary.id));
    el.dataset.clusterSize = String(q.members.length);
    el.style.setProperty("--level", LEVEL_COLOURS[worstLevel(q.members.map((m) => m.level))]);
    const count = el.querySelector<HTMLElement>("[data-cluster-count]");
    if (count) count.textContent = q.members.length > 1 ? `+${q.members.length - 1}` : "";
  }
}

function flyTo(g: GlobeHandle, container: HTMLElement, campuses: readonly GlobeCampus[], selectedId: string | null): void {
  const target = campuses.find((c) => c.summary.id === selectedId);
  container.dataset.flying = "true";
  const done = () => { container.dataset.flying = "false"; };
  if (target) {
    const sphere = campusSphere(g.C, target.summary);
    g.widget.camera.flyToBoundingSphere(sphere, { duration: FLIGHT_S, offset: new g.C.HeadingPitchRange(0, g.C.Math.toRadians(-38), sphere.radius * 2.6), complete: done, cancel: done });
  } else {
    g.widget.camera.flyTo({ destination: cityRectangle(g.C, campuses), duration: FLIGHT_S, complete: done, cancel: done });
  }
}

function drawDetail(g: GlobeHandle, container: HTMLElement, detail: Props["detail"]): void {
  if (!detail) {
    g.detail.entities.removeAll();
    delete container.dataset.detailCampusId;
  } else {
    const drawn = addCampusDetail(g.C, g.detail, detail.campus, detail.fence);
    container.dataset.detailCampusId = detail.campus.id;
    container.dataset.detailBuildings = String(drawn.buildings);
    container.dataset.detailBeacons = String(drawn.beacons);
  }
  g.widget.scene.requestRender();
}

export default function CityGlobe({ t, campuses, selectedId, detail, onSelect, onReady }: Props) {
  const containerRef = useRef<HTMLDivElement>(null);
  const overlayRef = useRef<HTMLDivElement>(null);
  const globeRef = useRef<GlobeHandle | null>(null);
  const campusesRef = useRef(campuses);
  campusesRef.current = campuses;
  const clustersRef = useRef(new Map<string, string[]>());
  const callbacks = useRef({ onSelect, onReady });
  callbacks.current = { onSelect, onReady };
  const latest = useRef({ selectedId, detail });
  latest.current = { selectedId, detail };

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const startedMs = performance.now();
    let disposed = false;
    void loadCesium().then(async (C) => {
      if (disposed) return;
      const widget = createWidget(C, container);
      const boundaries = new C.CustomDataSource("campus-boundaries");
      const detailSource = new C.CustomDataSource("campus-detail");
      await widget.dataSources.add(boundaries);
      await widget.dataSources.add(detailSource);
      if (disposed) return void widget.destroy();
      globeRef.current = { C, widget, boundaries, detail: detailSource };
      widget.camera.setView({ destination: cityRectangle(C, campusesRef.current) });
      const report = () => {
        const carto = widget.camera.positionCartographic;
        container.dataset.cameraLonDeg = C.Math.toDegrees(carto.longitude).toFixed(5);
        container.dataset.cameraLatDeg = C.Math.toDegrees(carto.latitude).toFixed(5);
        container.dataset.cameraHeightM = carto.height.toFixed(0);
      };
      report();
      widget.camera.moveEnd.addEventListener(report);
      widget.scene.postRender.addEventListener(() => {
        if (overlayRef.current) layoutBadges(C, widget, overlayRef.current, campusesRef.current, clustersRef.current);
      });
      const readyCheck = widget.scene.postRender.addEventListener(() => {
        if (!widget.scene.globe.tilesLoaded) return widget.scene.requestRender();
        readyCheck();
        callbacks.current.onReady({ readyMs: Math.round(performance.now() - startedMs) });
      });
      widget.screenSpaceEventHandler.setInputAction((click: { position: InstanceType<Cesium["Cartesian2"]> }) => {
        const id = campusIdOf(C, widget.scene.pick(click.position));
        if (id) callbacks.current.onSelect(id);
      }, C.ScreenSpaceEventType.LEFT_CLICK);
      addBoundaries(C, boundaries, campusesRef.current.map((c) => c.summary));
      if (latest.current.selectedId) flyTo(globeRef.current, container, campusesRef.current, latest.current.selectedId);
      if (latest.current.detail) drawDetail(globeRef.current, container, latest.current.detail);
      widget.scene.requestRender();
    });
    return () => {
      disposed = true;
      globeRef.current?.widget.destroy();
      globeRef.current = null;
    };
  }, []);

  // Boundaries of every campus; when the set of campuses changes, frame the whole city again.
  const campusKey = campuses.map((c) => c.summary.id).join(",");
  useEffect(() => {
    const g = globeRef.current;
    if (!g) return;
    addBoundaries(g.C, g.boundaries, campusesRef.current.map((c) => c.summary));
    if (!latest.current.selectedId) g.widget.camera.setView({ destination: cityRectangle(g.C, campusesRef.current) });
    g.widget.scene.requestRender();
  }, [campusKey]);

  // New statuses re-colour the badges on the next frame.
  useEffect(() => globeRef.current?.widget.scene.requestRender(), [campuses]);

  useEffect(() => {
    if (globeRef.current) flyTo(globeRef.current, containerRef.current!, campusesRef.current, selectedId);
  }, [selectedId]);

  useEffect(() => {
    if (globeRef.current) drawDetail(globeRef.current, containerRef.current!, detail);
  }, [detail]);

  const onBadge = (id: string) => {
    const members = clustersRef.current.get(id) ?? [id];
    const g = globeRef.current;
    if (members.length <= 1 || !g) return onSelect(id);
    const group = campusesRef.current.filter((c) => members.includes(c.summary.id));
    g.widget.camera.flyTo({ destination: cityRectangle(g.C, group), duration: FLIGHT_S });
  };

  return (
    <div className={styles.globe}>
      <div ref={containerRef} className={styles.cesium} data-testid="globe" />
      <div ref={overlayRef} className={styles.overlay}>
        {campuses.map((c) => (
          <button key={c.summary.id} type="button" className={styles.badge} data-testid="globe-badge" data-campus-id={c.summary.id}
            data-level={c.level} style={{ display: "none" }} onClick={() => onBadge(c.summary.id)} title={t.level[c.level]}>
            <i className={styles.dot} />
            <span className={styles.badgeName}>{c.summary.name}</span>
            <span className={styles.badgeCounts}>
              <b title={t.openIncidents}>{c.status?.openIncidentsTotal ?? "–"}</b>
              <b title={t.devicesDown}>{c.status?.devicesDown ?? "–"}</b>
              <b title={t.alarmsToday}>{c.status?.alarmsToday ?? "–"}</b>
            </span>
            <span className={styles.clusterCount} data-cluster-count />
          </button>
        ))}
      </div>
    </div>
  );
}
