import { useFrame, useThree } from "@react-three/fiber";
import { useEffect } from "react";
import type { AgentBuffer } from "../../lib/agents";
import type { Beacon, LiveStore } from "../../lib/live-store";

// The scene's frame loop is on demand (a still campus costs nothing). This asks for frames when
// live data changes, and keeps asking while something moves: agents gliding, beacons pulsing.

export function LiveTicker({ live, agents, beacons, stores = [] }: {
  live: LiveStore;
  agents: AgentBuffer;
  beacons: () => readonly Beacon[];
  stores?: readonly { subscribe(listener: () => void): () => void }[];
}) {
  const invalidate = useThree((s) => s.invalidate);
  useEffect(() => {
    const offs = [live.subscribe(() => invalidate()), ...stores.map((st) => st.subscribe(() => invalidate()))];
    return () => offs.forEach((off) => off());
  }, [live, stores, invalidate]);
  useFrame(() => {
    if (beacons().length > 0 || performance.now() < agents.busyUntilMs || live.getState().alarmDevices.size > 0) invalidate();
  });
  return null;
}
