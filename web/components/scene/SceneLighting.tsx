import { SCENE_BACKGROUND } from "./palette";

// Night control-room lighting: a cool hemisphere fill, a low warm key light so facades differ in
// shade by orientation, and fog that dissolves the ground plane into the background at the horizon.

export function SceneLighting({ radiusM }: { radiusM: number }) {
  return (
    <>
      <color attach="background" args={[SCENE_BACKGROUND]} />
      <fog attach="fog" args={[SCENE_BACKGROUND, radiusM * 2.2, radiusM * 6]} />
      <hemisphereLight args={["#9cc4ff", "#0a1220", 1.1]} />
      <ambientLight intensity={0.25} />
      <directionalLight position={[radiusM * 0.6, radiusM, radiusM * 0.35]} intensity={1.6} color="#ffe2c0" />
      <directionalLight position={[-radiusM * 0.8, radiusM * 0.5, -radiusM * 0.6]} intensity={0.45} color="#6fa8ff" />
    </>
  );
}
