import type { CampusModel } from "../contracts/campus";
import type { AnalysisOptions, CameraChange, RequirementRule, ZoneResult } from "../contracts/coverage";
import { evaluateZones, zoneCellsOf, type ZoneCells } from "./compliance";
import { CoverageEngine } from "./engine";
import { effectiveRules } from "./requirements";
import { applyChanges, camerasOf, gridForCampus } from "./scene";

// One coverage analysis of a campus: raster, engine with every camera (registry + draft edits),
// the cells each required zone is judged on, and the verdicts.

export interface CoverageAnalysis {
  engine: CoverageEngine;
  zones: ZoneCells[];
  rules: RequirementRule[];
  evaluate(withOutlines?: boolean): ZoneResult[];
}

export function analyseCampus(model: CampusModel, options: AnalysisOptions, changes: readonly CameraChange[] = [],
  overrides?: readonly RequirementRule[]): CoverageAnalysis {
  const extra = changes.flatMap((c) => (c.op === "remove" ? [] : [[c.camera.position[0], c.camera.position[1]] as [number, number]]));
  const grid = gridForCampus(model, options, false, extra);
  const engine = new CoverageEngine(grid, options.targetHeightM);
  engine.computeAll(applyChanges(camerasOf(model), changes));
  const rules = effectiveRules(overrides);
  const zones = zoneCellsOf(grid, model, rules);
  return { engine, zones, rules, evaluate: (withOutlines = true) => evaluateZones(grid, engine.words, zones, withOutlines) };
}
