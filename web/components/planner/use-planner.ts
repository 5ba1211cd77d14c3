"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { CampusModel } from "../../../server/contracts/campus";
import type { AnalysisOptions, CameraChange, CoverageCamera, Suggestion } from "../../../server/contracts/coverage";
import { createCoverageClient, type CoverageClient, type CoverageState } from "./coverage-client";
import { mergeChange, planCameraList } from "./plan-changes";

// Planner state: the live registry's cameras, the plan's changes, and the coverage the Web
// Worker computed for them. Every edit goes to the worker incrementally; the UI shows the
// latest state that came back.

export const PLANNER_OPTIONS: AnalysisOptions = { cellSizeM: 0.5, targetHeightM: 1.6, wallHeightM: 2.5 };

export interface Planner {
  state: CoverageState | null;
  error: string | null;
  changes: CameraChange[];
  cameras: CoverageCamera[];
  edit(change: CameraChange): void;
  reset(changes: CameraChange[]): void;
  suggest(count: number): Promise<Suggestion[]>;
  editCount: number;
}

export function usePlanner(model: CampusModel, liveCameras: readonly CoverageCamera[], initial: CameraChange[]): Planner {
  const client = useRef<CoverageClient | null>(null);
  const [state, setState] = useState<CoverageState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [changes, setChanges] = useState<CameraChange[]>(initial);
  const [editCount, setEditCount] = useState(0);

  const open = useCallback((c: CoverageClient, edits: CameraChange[]) => {
    c.open(model, PLANNER_OPTIONS, edits).then(setState, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [model]);

  useEffect(() => {
    const c = createCoverageClient();
    client.current = c;
    open(c, initial);
    return () => c.terminate();
    // The initial plan is read once per campus; later plans come through reset().
  }, [model, open]);

  const edit = useCallback((change: CameraChange) => {
    setChanges((prev) => mergeChange(prev, change));
    setEditCount((n) => n + 1);
    client.current?.edit(change).then((s) => s && setState(s), (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);

  const reset = useCallback((next: CameraChange[]) => {
    setChanges(next);
    if (client.current) open(client.current, next);
  }, [open]);

  const suggest = useCallback(async (count: number) => client.current?.suggest(count) ?? [], []);
  const cameras = useMemo(() => planCameraList(liveCameras, changes), [liveCameras, changes]);
  return { state, error, changes, cameras, edit, reset, suggest, editCount };
}
