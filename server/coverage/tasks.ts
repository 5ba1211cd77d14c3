import type { CampusModel } from "../contracts/campus";
import type { AnalysisOptions, CameraChange, RequirementRule, Suggestion, ZoneResult } from "../contracts/coverage";
import { analyseCampus } from "./analysis";
import { LENS_PRESETS } from "./lenses";
import { suggestCameras } from "./suggest";

// The coverage computations the server runs off the request thread (task-worker.ts), as plain
// functions of their inputs. Isomorphic: no Node or DOM imports.

export interface AnalyseTask {
  kind: "analyse";
  model: CampusModel;
  options: AnalysisOptions;
  edits: CameraChange[];
  rules?: RequirementRule[];
  withOutlines: boolean;
}

export interface SuggestTask {
  kind: "suggest";
  model: CampusModel;
  options: AnalysisOptions;
  edits: CameraChange[];
  count: number;
  lensIds?: string[];
}

export type CoverageTask = AnalyseTask | SuggestTask;

export interface TaskResults {
  analyse: ZoneResult[];
  suggest: { suggestions: Suggestion[]; zones: ZoneResult[] };
}

export function runAnalyse(t: Omit<AnalyseTask, "kind">): ZoneResult[] {
  return analyseCampus(t.model, t.options, t.edits, t.rules).evaluate(t.withOutlines);
}

export function runSuggest(t: Omit<SuggestTask, "kind">): TaskResults["suggest"] {
  const analysis = analyseCampus(t.model, t.options, t.edits);
  const lenses = t.lensIds ? LENS_PRESETS.filter((l) => t.lensIds!.includes(l.id)) : LENS_PRESETS;
  const suggestions = suggestCameras(analysis.engine, t.model, analysis.zones, t.count, lenses);
  return { suggestions, zones: analysis.evaluate() };
}

export function runTask(task: CoverageTask): TaskResults[CoverageTask["kind"]] {
  return task.kind === "analyse" ? runAnalyse(task) : runSuggest(task);
}
