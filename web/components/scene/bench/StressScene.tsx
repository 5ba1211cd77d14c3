"use client";

import { Canvas, useFrame, useThree } from "@react-three/fiber";
import { useEffect, useMemo } from "react";
import { type AgentBuffer } from "../../../lib/agents";
import { createCommandStore } from "../../../lib/command-store";
import { createLiveStore } from "../../../lib/live-store";
import { Agents } from "../Agents";
import { CameraFrustums } from "../CameraFrustums";
import { DensityHeatmap } from "../DensityHeatmap";
import { type FrameMeasurement, measureFrames } from "../frame-meter";
import { SceneLighting } from "../SceneLighting";
import { NaiveStress } from "./NaiveStress";
import { createStressWorld, STRESS_SIDE_M, type StressWorld } from "./stress-world";

// /command/bench: the render benchmark's stress scene, with the product's own layer components
// (CameraFrustums, Agents, DensityHeatmap) or the naive one-mesh-per-object baseline. The frame
// loop is driven by the benchmark through window.campusTwinBench.measure().

export interface BenchApi {
  ready: true;
  measure(frames: number): FrameMeasurement;
}

declare global {
  interface Window { campusTwinBench?: BenchApi }
}

function Stepper({ world }: { world: StressWorld }) {
  useFrame(() => world.step(performance.now()));
  return null;
}

function Probe() {
  const get = useThree((s) => s.get);
  useEffect(() => {
    window.campusTwinBench = { ready: true, measure: (frames) => measureFrames(get(), frames) };
    return () => { delete window.campusTwinBench; };
  }, [get]);
  return null;
}

export default function StressScene({ mode, frustums, agents }: { mode: "instanced" | "naive"; frustums: number; agents: number }) {
  const world = useMemo(() => createStressWorld(frustums, agents), [frustums, agents]);
  const live = useMemo(() => createLiveStore(), []);
  const command = useMemo(() => createCommandStore(), []);
  const buffer: AgentBuffer = world.agents;
  const c = STRESS_SIDE_M / 2;
  return (
    <Canvas frameloop="never" dpr={1} camera={{ fov: 45, near: 1, far: 10_000, position: [c + 200, 900, -c + 1100] }} gl={{ antialias: false }}
      onCreated={({ camera }) => camera.lookAt(c, 0, -c)}>
      <SceneLighting radiusM={STRESS_SIDE_M} />
      <mesh rotation={[-Math.PI / 2, 0, 0]} position={[c, -0.05, -c]}>
        <planeGeometry args={[STRESS_SIDE_M, STRESS_SIDE_M]} />
        <meshBasicMaterial color="#132133" />
      </mesh>
      <DensityHeatmap grid={world.grid} source={world.density} />
      {mode === "instanced" ? (
        <>
          <Stepper world={world} />
          <CameraFrustums devices={world.cameras} live={live} command={command} />
          <Agents buffer={buffer} />
        </>
      ) : <NaiveStress world={world} />}
      <Probe />
    </Canvas>
  );
}
