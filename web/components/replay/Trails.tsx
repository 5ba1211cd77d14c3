import { useFrame } from "@react-three/fiber";
import { useEffect, useMemo } from "react";
import { BufferAttribute, BufferGeometry, Line, LineBasicMaterial } from "three";
import type { Trajectory } from "../../../server/contracts/trajectory";
import type { Store } from "../../lib/store";
import type { PlayerState } from "./replay-player";

// Several trajectories at once on the twin (issue 8 /replay), each in its own colour: the route
// walked up to the playhead is drawn as a trail (routes along the path network between
// sightings; implausible legs are not drawn). Geometry is built once per trajectory; the draw
// range follows the playhead per frame, nothing is allocated in useFrame.

export const TRAIL_COLOURS = ["#ff5ca8", "#3fd0ff", "#ffd23f", "#7cff6b", "#c08bff", "#ff8a3d"] as const;
const TRAIL_UP_M = 1.5;

function trailPoints(t: Trajectory): { positions: Float32Array; timesMs: Float64Array } {
  const pts: number[] = [];
  const times: number[] = [];
  const bySeq = new Map(t.sightings.map((s) => [s.seq, new Date(s.at).getTime()]));
  for (const leg of t.legs) {
    if (!leg.plausible || leg.line.length < 2) continue;
    const t0 = bySeq.get(leg.fromSeq)!, t1 = bySeq.get(leg.toSeq)!;
    leg.line.forEach(([e, n], i) => {
      pts.push(e, TRAIL_UP_M, -n);
      times.push(t0 + ((t1 - t0) * i) / (leg.line.length - 1));
    });
  }
  return { positions: Float32Array.from(pts), timesMs: Float64Array.from(times) };
}

function Trail({ trajectory, colour, player }: { trajectory: Trajectory; colour: string; player: Store<PlayerState> }) {
  const { line, timesMs } = useMemo(() => {
    const { positions, timesMs: ts } = trailPoints(trajectory);
    const g = new BufferGeometry();
    g.setAttribute("position", new BufferAttribute(positions, 3));
    const l = new Line(g, new LineBasicMaterial({ color: colour, depthTest: false }));
    l.renderOrder = 5;
    l.name = `trail:${trajectory.subjectKey}`;
    return { line: l, timesMs: ts };
  }, [trajectory, colour]);
  useEffect(() => () => {
    line.geometry.dispose();
    (line.material as LineBasicMaterial).dispose();
  }, [line]);
  useFrame(() => {
    const at = player.getState().playheadMs;
    let n = 0;
    while (n < timesMs.length && timesMs[n]! <= at) n++;
    line.geometry.setDrawRange(0, n);
    line.userData.drawn = n;
  });
  return <primitive object={line} />;
}

export function Trails({ trajectories, player }: { trajectories: readonly Trajectory[]; player: Store<PlayerState> }) {
  return (
    <group name="replay-trails">
      {trajectories.map((t, i) => <Trail key={t.subjectKey} trajectory={t} colour={TRAIL_COLOURS[i % TRAIL_COLOURS.length]!} player={player} />)}
    </group>
  );
}
