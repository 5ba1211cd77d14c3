import type { CampusModel } from "../contracts/campus";
import type { AnalysisOptions, CameraChange, CoverageCamera, Suggestion, ZoneResult } from "../contracts/coverage";
import { analyseCampus, type CoverageAnalysis } from "./analysis";
import { bestPxPerMOf } from "./cell-words";
import { doriRank } from "./dori";
import { LENS_PRESETS } from "./lenses";
import { suggestCameras } from "./suggest";

// An interactive what-if session (the /planner Web Worker): one analysis kept in memory, edits
// applied incrementally (only the edited camera's footprint is re-swept, engine.ts), and after
// each step the per-cell DORI rank raster and the zone verdicts. Isomorphic: no Node or DOM.

/** Rank raster value of cells inside buildings and walls (not ground anyone stands on). */
export const RANK_SOLID = 255;

export type SessionRequest =
  | { type: "open"; reqId: number; model: CampusModel; options: AnalysisOptions; edits: CameraChange[] }
  | { type: "edit"; reqId: number; change: CameraChange }
  | { type: "suggest"; reqId: number; count: number; lensIds?: string[] };

export interface GridInfo { originE: number; originN: number; cellSizeM: number; width: number; height: number }

export type SessionReply =
  | { type: "state"; reqId: number; grid: GridInfo; ranks: Uint8Array<ArrayBuffer>; zones: ZoneResult[]; cameras: CoverageCamera[]; computeMs: number }
  | { type: "suggested"; reqId: number; suggestions: Suggestion[]; computeMs: number }
  | { type: "error"; reqId: number; message: string };

export class CoverageSession {
  private analysis: CoverageAnalysis | null = null;
  private model: CampusModel | null = null;

  open(model: CampusModel, options: AnalysisOptions, edits: readonly CameraChange[]): void {
    this.analysis = analyseCampus(model, options, edits);
    this.model = model;
  }

  private get current(): CoverageAnalysis {
    if (!this.analysis) throw new Error("Invariant: coverage session used before open");
    return this.analysis;
  }

  /** Adds, moves/re-aims or removes one camera; a camera outside the raster needs a rebuilt grid. */
  edit(change: CameraChange): void {
    const { engine } = this.current;
    if (change.op === "remove") {
      if (engine.contribution(change.cameraId)) engine.removeCamera(change.cameraId);
      return;
    }
    engine.setCamera(change.camera);
  }

  /** Greedy proposals; the session's cameras are left as they were. */
  suggest(count: number, lensIds?: readonly string[]): Suggestion[] {
    const a = this.current;
    const lenses = lensIds ? LENS_PRESETS.filter((l) => lensIds.includes(l.id)) : LENS_PRESETS;
    const out = suggestCameras(a.engine, this.model ?? { buildings: [], paths: [] }, a.zones, count, lenses);
    for (const s of out) a.engine.removeCamera(s.camera.id);
    return out;
  }

  cameras(): CoverageCamera[] {
    return this.current.engine.cameras();
  }

  zones(): ZoneResult[] {
    return this.current.evaluate(true);
  }

  grid(): GridInfo {
    const { originE, originN, cellSizeM, width, height } = this.current.engine.grid;
    return { originE, originN, cellSizeM, width, height };
  }

  /** DORI rank per cell (0 none … 4 identify), RANK_SOLID inside obstacles; row-major, row 0 south. */
  ranks(): Uint8Array<ArrayBuffer> {
    const { words, grid } = this.current.engine;
    const out = new Uint8Array(words.length);
    for (let i = 0; i < words.length; i++) out[i] = grid.solid[i] === 1 ? RANK_SOLID : doriRank(bestPxPerMOf(words[i]!));
    return out;
  }
}

/** Runs one request against a session (the Web Worker's message handler body). */
export function handleSessionRequest(session: CoverageSession, req: SessionRequest, now: () => number): SessionReply {
  const t0 = now();
  try {
    if (req.type === "suggest") {
      const suggestions = session.suggest(req.count, req.lensIds);
      return { type: "suggested", reqId: req.reqId, suggestions, computeMs: now() - t0 };
    }
    if (req.type === "open") session.open(req.model, req.options, req.edits);
    else session.edit(req.change);
    return { type: "state", reqId: req.reqId, grid: session.grid(), ranks: session.ranks(), zones: session.zones(),
      cameras: session.cameras(), computeMs: now() - t0 };
  } catch (err) {
    return { type: "error", reqId: req.reqId, message: err instanceof Error ? err.message : String(err) };
  }
}
