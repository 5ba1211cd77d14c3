import type { Device, Zone } from "../../../../server/contracts/campus";
import { AGENT_PERSON, AGENT_VEHICLE, AgentBuffer } from "../../../lib/agents";
import { buildDensityGrid, type DensityGrid, paintDensity } from "../../../lib/density-grid";
import type { DensitySource } from "../DensityHeatmap";

// The render benchmark's stress world (issue 6): N cameras with frustums, M moving agents and a
// density heatmap over a square "campus", deterministic (seeded), built once before measuring.

export const STRESS_SIDE_M = 1200;
const ZONES_PER_SIDE = 16;
/** Share of agents given a new target every frame (the rest keep gliding). */
const RETARGET_SHARE = 1 / 40;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface StressWorld {
  cameras: Device[];
  agents: AgentBuffer;
  keys: string[];
  grid: DensityGrid;
  density: DensitySource;
  /** Moves a slice of the agents (called once per frame by the scene). */
  step(nowMs: number): void;
}

export function createStressWorld(frustums: number, agentCount: number, seed = 7): StressWorld {
  const rand = rng(seed);
  const cameras: Device[] = Array.from({ length: frustums }, (_, i) => ({
    id: `cam-${i}`, kind: "camera", protocol: "gb28181", externalId: `3402000000132000${String(i).padStart(4, "0")}`, name: `Camera ${i}`,
    buildingId: null, floor: 0, position: [rand() * STRESS_SIDE_M, rand() * STRESS_SIDE_M, 4 + rand() * 8],
    optics: { yawDeg: rand() * 360, pitchDeg: -10 - rand() * 30, rollDeg: 0, hfovDeg: 50 + rand() * 50, vfovDeg: 30 + rand() * 25, resolutionW: 1920, resolutionH: 1080, rangeM: 25 + rand() * 60 },
    polyline: null, parentId: null, model: null, manufacturer: null, status: rand() < 0.08 ? "offline" : "online", attrs: {},
  }));
  const agents = new AgentBuffer(agentCount);
  const keys = Array.from({ length: agentCount }, (_, i) => `agent-${i}`);
  // Where each agent is heading (the world's own record; the buffer is only written to).
  const kinds = new Uint8Array(agentCount);
  const targets = new Float32Array(agentCount * 2);
  const t0 = performance.now();
  for (let i = 0; i < agentCount; i++) {
    kinds[i] = rand() < 0.1 ? AGENT_VEHICLE : AGENT_PERSON;
    targets[i * 2] = rand() * STRESS_SIDE_M;
    targets[i * 2 + 1] = rand() * STRESS_SIDE_M;
    agents.report(keys[i]!, kinds[i] as 0 | 1, targets[i * 2]!, targets[i * 2 + 1]!, t0, 1);
  }
  const cellM = STRESS_SIDE_M / ZONES_PER_SIDE;
  const zones: Pick<Zone, "id" | "polygon" | "floor">[] = [];
  for (let r = 0; r < ZONES_PER_SIDE; r++) {
    for (let c = 0; c < ZONES_PER_SIDE; c++) {
      const e = c * cellM;
      const n = r * cellM;
      zones.push({ id: `z${r}-${c}`, floor: 0, polygon: [[e, n], [e + cellM, n], [e + cellM, n + cellM], [e, n + cellM]] });
    }
  }
  const grid = buildDensityGrid(zones, { minE: 0, minN: 0, maxE: STRESS_SIDE_M, maxN: STRESS_SIDE_M }, 128, 128);
  let frame = 0;
  let cursor = 0;
  const density: DensitySource = {
    version: () => frame,
    paint: (g, out) => paintDensity(g, (zoneId) => {
      const [r, c] = zoneId.slice(1).split("-").map(Number) as [number, number];
      return 2.5 + 2.5 * Math.sin(r * 0.7 + c * 0.45 + frame * 0.08);
    }, out),
  };
  return {
    cameras, agents, keys, grid, density,
    step(nowMs) {
      frame++;
      const n = Math.max(1, Math.floor(agentCount * RETARGET_SHARE));
      for (let k = 0; k < n; k++) {
        const i = cursor;
        cursor = (cursor + 1) % agentCount;
        targets[i * 2] = Math.min(Math.max(targets[i * 2]! + (rand() - 0.5) * 30, 0), STRESS_SIDE_M);
        targets[i * 2 + 1] = Math.min(Math.max(targets[i * 2 + 1]! + (rand() - 0.5) * 30, 0), STRESS_SIDE_M);
        agents.report(keys[i]!, kinds[i] === AGENT_VEHICLE ? AGENT_VEHICLE : AGENT_PERSON, targets[i * 2]!, targets[i * 2 + 1]!, nowMs, 2000);
      }
    },
  };
}
