import { MapControls } from "@react-three/drei";
import { useThree } from "@react-three/fiber";
import { type ComponentRef, useLayoutEffect, useRef } from "react";
import type { BoundsM } from "../../lib/scene-coords";
import { centreOf, radiusOf } from "../../lib/scene-coords";

// Map-style navigation (left drag pans, right drag rotates, wheel zooms) and the opening view:
// an oblique overview from the south-south-east that frames the whole campus. The view is reset
// only when the campus changes, never on re-render.

const MAX_POLAR_RAD = Math.PI / 2.15; // stay above the ground

export function CameraRig({ bounds }: { bounds: BoundsM }) {
  const controls = useRef<ComponentRef<typeof MapControls>>(null);
  const camera = useThree((s) => s.camera);
  const invalidate = useThree((s) => s.invalidate);
  const radiusM = radiusOf(bounds);
  const [ce, cn] = centreOf(bounds);
  useLayoutEffect(() => {
    // Aim a little south of the centre: the near (southern) edge is the one an oblique view clips.
    const aimN = cn - radiusM * 0.12;
    camera.position.set(ce + radiusM * 0.22, radiusM * 0.9, -aimN + radiusM * 1.05);
    camera.near = Math.max(0.5, radiusM / 2000);
    camera.far = radiusM * 12;
    camera.updateProjectionMatrix();
    controls.current?.target.set(ce, 0, -aimN);
    controls.current?.update();
    invalidate();
  }, [camera, ce, cn, radiusM, invalidate]);
  return (
    <MapControls
      ref={controls}
      makeDefault
      enableDamping={false}
      maxPolarAngle={MAX_POLAR_RAD}
      minDistance={15}
      maxDistance={radiusM * 5}
      screenSpacePanning={false}
    />
  );
}
