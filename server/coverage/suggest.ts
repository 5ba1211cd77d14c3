import type { CampusModel } from "../contracts/campus";
import type { CoverageCamera, Suggestion } from "../contracts/coverage";
import type { PointM } from "../contracts/geometry";
import type { ZoneCells } from "./compliance";
import { bestQuantaOf, quantaOf } from "./cell-words";
import { minPxPerM } from "./dori";
import type { CoverageEngine } from "./engine";
import { LENS_PRESETS, lensOptics, type LensPreset } from "./lenses";

// Greedy max-coverage (issue 7 "Suggest"): K times, try every candidate mount × lens × aim and
// keep the camera that lifts the most still-deficient required-zone cells to their class.
// Greedy is within 1 − 1/e of the best K-set for this monotone submodular objective.

interface Mount { at: PointM; heightM: number; kind: Suggestion["mount"] }

const CORNER_MOUNT_M = 6, WALL_MOUNT_M = 3.5, POLE_MOUNT_M = 6, POLE_SPACING_M = 15, OFFSET_M = 0.6;

export function candidateMounts(model: Pick<CampusModel, "buildings" | "paths">): Mount[] {
  const out: Mount[] = [];
  for (const b of model.buildings) {
    const ring = b.footprint;
    const cx = ring.reduce((s, p) => s + p[0], 0) / ring.length, cy = ring.reduce((s, p) => s + p[1], 0) / ring.length;
    for (const p of ring) {
      const d = Math.hypot(p[0] - cx, p[1] - cy) || 1;
      out.push({ at: [p[0] + ((p[0] - cx) / d) * OFFSET_M, p[1] + ((p[1] - cy) / d) * OFFSET_M], heightM: CORNER_MOUNT_M, kind: "building_corner" });
    }
  }
  for (const path of model.paths) {
    const isWall = path.kind === "wall";
    for (let k = 0; k + 1 < path.line.length; k++) {
      const [a, b] = [path.line[k]!, path.line[k + 1]!];
      const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
      const [nx, ny] = [-(b[1] - a[1]) / (len || 1), (b[0] - a[0]) / (len || 1)];
      for (let s = 0; s <= len; s += POLE_SPACING_M) {
        const [x, y] = [a[0] + ((b[0] - a[0]) * s) / (len || 1), a[1] + ((b[1] - a[1]) * s) / (len || 1)];
        if (!isWall) { out.push({ at: [x, y], heightM: POLE_MOUNT_M, kind: "pole" }); continue; }
        for (const side of [-1, 1]) out.push({ at: [x + side * nx * OFFSET_M, y + side * ny * OFFSET_M], heightM: WALL_MOUNT_M, kind: "wall" });
      }
    }
  }
  return out;
}

/**
 * Required density per cell in quanta (cell-words.ts; 0 where nothing is required), the
 * strictest zone winning. The DORI thresholds are whole px/m, so comparing quanta is exact.
 */
function requiredQuanta(cellCount: number, zones: readonly ZoneCells[]): Int32Array {
  const need = new Int32Array(cellCount);
  for (const z of zones) {
    const q = quantaOf(minPxPerM(z.rule.requiredClass));
    for (const cell of z.cells) if (q > need[cell]!) need[cell] = q;
  }
  return need;
}

/** Centroids (m) of the deficient cells, per zone: the aim points. */
function deficitTargets(engine: CoverageEngine, zones: readonly ZoneCells[], need: Int32Array): PointM[] {
  const g = engine.grid, out: PointM[] = [];
  for (const z of zones) {
    let sx = 0, sy = 0, n = 0;
    for (const cell of z.cells) {
      if (bestQuantaOf(engine.words[cell]!) >= need[cell]!) continue;
      sx += (cell % g.width) + 0.5; sy += Math.floor(cell / g.width) + 0.5; n++;
    }
    if (n > 0) out.push([g.originE + (sx / n) * g.cellSizeM, g.originN + (sy / n) * g.cellSizeM]);
  }
  return out;
}

function gainOf(engine: CoverageEngine, camera: CoverageCamera, need: Int32Array): number {
  const { cells, quanta } = engine.probe(camera);
  let gain = 0;
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i]!, n = need[c]!;
    if (n > 0 && bestQuantaOf(engine.words[c]!) < n && quanta[i]! >= n) gain++;
  }
  return gain;
}

/** Proposes up to `count` cameras; each is added to the engine before the next is chosen. */
export function suggestCameras(engine: CoverageEngine, model: Pick<CampusModel, "buildings" | "paths">,
  zones: readonly ZoneCells[], count: number, lenses: readonly LensPreset[] = LENS_PRESETS): Suggestion[] {
  const need = requiredQuanta(engine.words.length, zones);
  const mounts = candidateMounts(model);
  const cellAreaM2 = engine.grid.cellSizeM ** 2;
  const out: Suggestion[] = [];
  for (let k = 0; k < count; k++) {
    const targets = deficitTargets(engine, zones, need);
    let bestGain = 0, bestCam: CoverageCamera | null = null, bestLens = "", bestMount: Mount["kind"] = "pole";
    for (const lens of lenses) {
      const optics = lensOptics(lens);
      for (const m of mounts) {
        for (const t of targets) {
          const distM = Math.hypot(t[0] - m.at[0], t[1] - m.at[1]);
          if (distM > optics.rangeM || distM < 1) continue;
          const yawDeg = (Math.atan2(t[0] - m.at[0], t[1] - m.at[1]) * 180) / Math.PI;
          const pitchDeg = Math.max(-60, Math.min(-5, (-Math.atan2(m.heightM - engine.targetHeightM, distM) * 180) / Math.PI));
          const camera: CoverageCamera = { id: `suggested-${out.length + 1}`, name: `Suggested ${out.length + 1} (${lens.label})`,
            model: lens.model, position: [m.at[0], m.at[1], m.heightM], optics: { ...optics, yawDeg, pitchDeg, rollDeg: 0 } };
          const gain = gainOf(engine, camera, need);
          if (gain > bestGain) { bestGain = gain; bestCam = camera; bestLens = lens.id; bestMount = m.kind; }
        }
      }
    }
    if (!bestCam) break;
    engine.setCamera(bestCam);
    out.push({ camera: bestCam, lensId: bestLens, mount: bestMount, gainM2: bestGain * cellAreaM2 });
  }
  return out;
}
