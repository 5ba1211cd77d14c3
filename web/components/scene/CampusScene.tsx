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
  return (
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
  );
}
