"use client";

import { useEffect, useMemo, useState } from "react";
import type { CampusModel } from "../../../server/contracts/campus";
import { AgentBuffer } from "../../lib/agents";
import { createCommandStore } from "../../lib/command-store";
import { buildDensityGrid } from "../../lib/density-grid";
import { createLiveClient, type LiveClient } from "../../lib/live-client";
import { createLiveStore } from "../../lib/live-store";
import { boundsOf } from "../../lib/scene-coords";

// One campus's live machinery for a page: live and command stores, the agent buffer, the density
// grid and the live client, created when the campus changes and torn down with it.

const AGENT_CAPACITY = 8192;
const DENSITY_GRID_PX = 128;

export function useLiveCampus(campus: CampusModel | null) {
  const parts = useMemo(() => {
    if (!campus) return null;
    return {
      live: createLiveStore(campus.id),
      command: createCommandStore(),
      agents: new AgentBuffer(AGENT_CAPACITY),
      densityGrid: buildDensityGrid(campus.zones, boundsOf(campus.boundary), DENSITY_GRID_PX, DENSITY_GRID_PX),
      devicesById: new Map(campus.devices.map((d) => [d.id, d])),
    };
  }, [campus]);
  const [client, setClient] = useState<LiveClient | null>(null);
  useEffect(() => {
    if (!parts || !campus) return;
    const c = createLiveClient({ campus, store: parts.live, agents: parts.agents });
    setClient(c);
    return () => {
      c.close();
      setClient(null);
    };
  }, [parts, campus]);
  return parts ? { ...parts, client } : null;
}
