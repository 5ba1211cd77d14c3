"use client";

import { useCallback, useEffect, useState } from "react";
import type { CampusModel, CampusSummary } from "../../server/contracts/campus";
import { isUnauthorized } from "./api-errors";
import { trpc } from "./trpc";

// Loads the campus list and the selected campus model through tRPC. Kept as plain React state:
// the model is fetched once per selection; live data (issue 6) goes through a store, not here.

export type Loadable<T> =
  | { state: "loading" }
  | { state: "error"; message: string; unauthorized?: boolean }
  | { state: "ready"; value: T };

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function useCampusList(): { list: Loadable<CampusSummary[]>; reload: () => void } {
  const [list, setList] = useState<Loadable<CampusSummary[]>>({ state: "loading" });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    trpc().campus.list.query()
      .then((value) => live && setList({ state: "ready", value }))
      .catch((err: unknown) => live && setList({ state: "error", message: errorMessage(err), unauthorized: isUnauthorized(err) }));
    return () => { live = false; };
  }, [attempt]);
  const reload = useCallback(() => {
    setList({ state: "loading" });
    setAttempt((a) => a + 1);
  }, []);
  return { list, reload };
}

export function useCampusModel(campusId: string | null): Loadable<CampusModel> | null {
  const [model, setModel] = useState<{ id: string; value: Loadable<CampusModel> } | null>(null);
  useEffect(() => {
    if (!campusId) return;
    let live = true;
    trpc().campus.get.query({ id: campusId })
      .then((value) => live && setModel({ id: campusId, value: { state: "ready", value } }))
      .catch((err: unknown) => live && setModel({ id: campusId, value: { state: "error", message: errorMessage(err) } }));
    return () => { live = false; };
  }, [campusId]);
  if (!campusId) return null;
  return model && model.id === campusId ? model.value : { state: "loading" };
}
