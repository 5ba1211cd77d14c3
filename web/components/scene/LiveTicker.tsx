import { useFrame, useThree } from "@react-three/fiber";
import { useEffect, useRef } from "react";
import type { AgentBuffer } from "../../lib/agents";
import type { Beacon, LiveStore } from "../../lib/live-store";

// The scene's frame loop is on demand (a still campus costs nothing). This asks for frames when
// live data changes, and keeps asking while something moves: agents gliding, beacons pulsing —
// at most ANIMATION_FPS, so that on modest hardware (software WebGL) the main thread keeps room
// for the panels and input between frames.

const ANIMATION_FPS = 24;

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
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => {
    if (pending.current) clearTimeout(pending.current);
  }, []);
  useFrame(() => {
    if (pending.current) return;
    if (beacons().length > 0 || performance.now() < agents.busyUntilMs || live.getState().alarmDevices.size > 0) {
      pending.current = setTimeout(() => {
        pending.current = null;
        invalidate();
      }, 1000 / ANIMATION_FPS);
    }
  });
  return null;
}
