import type { RootState } from "@react-three/fiber";

// Measures the main-thread cost of whole frames (every useFrame callback = the update, plus
// gl.render = the render submission) by driving R3F's `advance` synchronously. Used by the
// render benchmark (test/bench/render.ts) through the pages' probes.

export interface FrameMeasurement {
  frames: number;
  medianCpuMs: number;
  p90CpuMs: number;
  drawCalls: number;
  triangles: number;
}

export function measureFrames(state: Pick<RootState, "advance" | "gl">, frames: number): FrameMeasurement {
  const times: number[] = [];
  // Warm-up frames: shader compilation and first uploads are not steady-state cost.
  for (let i = 0; i < 3; i++) state.advance(performance.now(), true);
  for (let i = 0; i < frames; i++) {
    const t0 = performance.now();
    state.advance(t0, true);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const info = state.gl.info.render;
  return {
    frames,
    medianCpuMs: times[Math.floor(times.length / 2)]!,
    p90CpuMs: times[Math.floor(times.length * 0.9)]!,
    drawCalls: info.calls,
    triangles: info.triangles,
  };
}
