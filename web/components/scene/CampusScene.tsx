"use client";

import { Canvas } from "@react-three/fiber";
import { type ReactNode, useMemo } from "react";
import { createLiveStore } from "../../lib/live-store";
import type { CampusModel } from "../../../server/contracts/campus";
import { boundsOf, radiusOf } from "../../lib/scene-coords";
import { Buildings } from "./Buildings";
import { CameraRig } from "./CameraRig";
import { DeviceMarkers } from "./DeviceMarkers";
import { FenceSegments } from "./FenceSegments";
import { Ground } from "./Ground";
import { LiveLayers, type LiveSceneProps } from "./LiveLayers";
import { Paths } from "./Paths";
import { PerimeterWall } from "./PerimeterWall";
import { SceneLighting } from "./SceneLighting";
import { SceneReady } from "./SceneReady";

// The campus twin's 3D scene (R3F): the static campus, and with `live` the live layers (frustums,
// fence states, doors, agents, heatmap, beacons; LiveLayers.tsx). The frame loop runs on demand:
// the static campus costs nothing while nobody moves the view; live layers ask for frames while
// something moves (LiveTicker).

export interface SceneStats {
  drawCalls: number;
  triangles: number;
}

// Without live data the fence zones show their stored status.
const STATIC_LIVE = createLiveStore();

/**
 * `children`: extra layers of a page (e.g. the /planner coverage overlay), drawn in the same scene.
 * `live`: the live layers and picking of /command and /wall. `onPickBuilding`: a building click.
 */
const ATTRIBUTION_STYLE = {
  position: "absolute", right: 8, bottom: 6, padding: "2px 6px", fontSize: 11, color: "#9fb0cc",
  background: "rgba(7, 13, 24, 0.7)", borderRadius: 3, pointerEvents: "none",
} as const;

export default function CampusScene({ campus, onReady, children, live, onPickBuilding, fadedBuildings = false }: {
  campus: CampusModel;
  onReady: (stats: SceneStats) => void;
  children?: ReactNode;
  live?: LiveSceneProps;
  onPickBuilding?: (buildingId: string) => void;
  fadedBuildings?: boolean;
}) {
  const bounds = useMemo(() => boundsOf(campus.boundary), [campus.boundary]);
  const radiusM = radiusOf(bounds);
  // ODbL: "© OpenStreetMap contributors" wherever OSM-derived data is drawn, so every view that
  // draws a campus (command, wall, planner, replay, archive) carries it with the scene itself.
  return (
    <div style={{ position: "relative", width: "100%", height: "100%" }}>
    <Canvas
      frameloop="demand"
      dpr={[1, 2]}
      camera={{ fov: 45, near: 1, far: 20_000 }}
      onPointerMissed={live ? () => live.command.setState({ selection: null }) : undefined}
      gl={{ antialias: true, powerPreference: "high-performance" }}
      aria-label={campus.name}
    >
      <SceneLighting radiusM={radiusM} />
      <CameraRig bounds={bounds} />
      <Ground boundary={campus.boundary} bounds={bounds} />
      <Paths paths={campus.paths} />
      <PerimeterWall paths={campus.paths} />
      <Buildings buildings={campus.buildings} onPick={onPickBuilding} faded={fadedBuildings} />
      {live ? <LiveLayers campus={campus} {...live} /> : (
        <>
          <FenceSegments devices={campus.devices} live={STATIC_LIVE} />
          <DeviceMarkers devices={campus.devices} />
        </>
      )}
      {children}
      <SceneReady onReady={onReady} />
    </Canvas>
    {campus.source === "osm" && (
      <div data-testid="attribution" style={ATTRIBUTION_STYLE}>{campus.attribution ?? "© OpenStreetMap contributors"}</div>
    )}
    </div>
  );
}
