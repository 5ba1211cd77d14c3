import { useFrame, useThree } from "@react-three/fiber";
import { useEffect, useRef } from "react";

// Reports once the campus has been drawn for a few frames (the frame loop is on demand, so it asks
// for those frames itself). The page turns this into data-scene-ready for tests and for the wall.

const FRAMES_BEFORE_READY = 3;

export function SceneReady({ onReady }: { onReady: (info: { drawCalls: number; triangles: number }) => void }) {
  const frames = useRef(0);
  const done = useRef(false);
  const invalidate = useThree((s) => s.invalidate);
  useEffect(() => {
    frames.current = 0;
    done.current = false;
    invalidate();
  }, [onReady, invalidate]);
  useFrame(({ gl }) => {
    if (done.current) return;
    frames.current += 1;
    if (frames.current < FRAMES_BEFORE_READY) {
      invalidate();
      return;
    }
    done.current = true;
    onReady({ drawCalls: gl.info.render.calls, triangles: gl.info.render.triangles });
  });
  return null;
}
