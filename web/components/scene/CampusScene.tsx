"use client";

import { Canvas } from "@react-three/fiber";
import { type ReactNode, useMemo } from "react";
import type { CampusModel } from "../../../server/contracts/campus";
import { boundsOf, radiusOf } from "../../lib/scene-coords";
import { Buildings } from "./Buildings";
import { CameraRig } from "./CameraRig";
import { DeviceMarkers } from "./DeviceMarkers";
import { FenceSegments } from "./FenceSegments";
import { Ground } from "./Ground";
import { Paths } from "./Paths";
import { PerimeterWall } from "./PerimeterWall";
import { SceneLighting } from "./SceneLighting";
import { SceneReady } from "./SceneReady";

// The campus twin's 3D scene (R3F). Static layers today; issue 6 adds the live layers (frustums,
// fence states, agents, heatmap) as further components here. The frame loop runs on demand: the
// static campus costs nothing while nobody moves the view.

export interface SceneStats {
  drawCalls: number;
  triangles: number;
}

/** `children`: extra layers of a page (e.g. the /planner coverage overlay), drawn in the same scene. */
export default function CampusScene({ campus, onReady, children }: { campus: CampusModel; onReady: (stats: SceneStats) => void; children?: ReactNode }) {
  const bounds = useMemo(() => boundsOf(campus.boundary), [campus.boundary]);
  const radiusM = radiusOf(bounds);
  return (
    <Canvas
      frameloop="demand"
      dpr={[1, 2]}
      camera={{ fov: 45, near: 1, far: 20_000 }}
      gl={{ antialias: true, powerPreference: "high-performance" }}
      aria-label={campus.name}
    >
      <SceneLighting radiusM={radiusM} />
      <CameraRig bounds={bounds} />
      <Ground boundary={campus.boundary} bounds={bounds} />
      <Paths paths={campus.paths} />
      <PerimeterWall paths={campus.paths} />
      <Buildings buildings={campus.buildings} />
      <FenceSegments devices={campus.devices} />
      <DeviceMarkers devices={campus.devices} />
      {children}
      <SceneReady onReady={onReady} />
    </Canvas>
  );
}
