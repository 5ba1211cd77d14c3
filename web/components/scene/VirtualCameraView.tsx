"use client";

import { Canvas, useThree } from "@react-three/fiber";
import { type ReactNode, useLayoutEffect, useMemo } from "react";
import { type PerspectiveCamera, Quaternion } from "three";
import type { CameraOptics, CampusModel } from "../../../server/contracts/campus";
import { boundsOf, radiusOf } from "../../lib/scene-coords";
import { Buildings } from "./Buildings";
import { cameraQuaternion } from "./camera-pose";
import { Ground } from "./Ground";
import { Paths } from "./Paths";
import { PerimeterWall } from "./PerimeterWall";
import { SceneLighting } from "./SceneLighting";

// A camera's virtual view: the twin rendered from the camera's pose (position, yaw, pitch, roll),
// lens (vertical field of view, aspect from its resolution) and resolution (the drawing buffer
// never exceeds the sensor's pixels, capped for a picture-in-picture). A commander sees what the
// camera sees; a planner sees what a planned camera would see. Reusable: /command, /wall and
// /planner pass a pose and optics, and may add live layers (agents, beacons) as children.

export interface VirtualCameraPose {
  eastM: number;
  northM: number;
  upM: number;
}

const VIEW_SKY = "#2a3f5c";
/** Drawing-buffer width cap (px): PiPs stay cheap on software WebGL. */
const MAX_BUFFER_WIDTH_PX = 640;

function PoseCamera({ pose, optics }: { pose: VirtualCameraPose; optics: CameraOptics }) {
  const camera = useThree((s) => s.camera) as PerspectiveCamera;
  const invalidate = useThree((s) => s.invalidate);
  useLayoutEffect(() => {
    camera.position.set(pose.eastM, Math.max(pose.upM, 0.5), -pose.northM);
    camera.quaternion.copy(cameraQuaternion(optics, new Quaternion()));
    camera.fov = optics.vfovDeg;
    camera.aspect = optics.resolutionW / optics.resolutionH;
    camera.near = 0.3;
    camera.far = Math.max(optics.rangeM * 4, 1500);
    camera.updateProjectionMatrix();
    invalidate();
  }, [camera, pose.eastM, pose.northM, pose.upM, optics, invalidate]);
  return null;
}

export function VirtualCameraView({ campus, pose, optics, widthPx, children, testId }: {
  campus: Pick<CampusModel, "boundary" | "buildings" | "paths" | "name">;
  pose: VirtualCameraPose;
  optics: CameraOptics;
  /** CSS width of the view; the height follows the sensor's aspect ratio. */
  widthPx: number;
  children?: ReactNode;
  testId?: string;
}) {
  const bounds = useMemo(() => boundsOf(campus.boundary), [campus.boundary]);
  const heightPx = Math.round((widthPx * optics.resolutionH) / optics.resolutionW);
  const bufferWidthPx = Math.min(optics.resolutionW, MAX_BUFFER_WIDTH_PX);
  return (
    <div style={{ width: widthPx, height: heightPx, position: "relative" }} data-testid={testId}>
      <Canvas
        frameloop="demand"
        dpr={bufferWidthPx / widthPx}
        camera={{ fov: optics.vfovDeg, near: 0.3, far: 5000 }}
        gl={{ antialias: false, preserveDrawingBuffer: true }}
        aria-label={campus.name}
      >
        <PoseCamera pose={pose} optics={optics} />
        <SceneLighting radiusM={radiusOf(bounds)} />
        {/* A camera image is brighter than the night overview: lift sky and fill so facades read. */}
        <color attach="background" args={[VIEW_SKY]} />
        <hemisphereLight args={["#c8dcff", "#2a3a50", 1.4]} />
        <Ground boundary={campus.boundary} bounds={bounds} />
        <Paths paths={campus.paths} />
        <PerimeterWall paths={campus.paths} />
        <Buildings buildings={campus.buildings} />
        {children}
      </Canvas>
    </div>
  );
}
