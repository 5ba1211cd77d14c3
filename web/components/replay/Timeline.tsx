"use client";

import { useMemo, type MouseEvent } from "react";
import type { Timeline as TimelineData } from "../../../server/contracts/history";
import { useStore, type Store } from "../../lib/store";
import type { PlayerState } from "./replay-player";
import styles from "./replay.module.css";

// The replay timeline: stacked event density by kind family per bucket, incidents as spans
// (drill incidents hatched), device-offline gaps, and the playhead. Click or drag to scrub.

export const FAMILY_COLOURS: Record<string, string> = {
  alarm: "#ff3b4e", fence: "#ff7a1a", fire: "#ff2d95", electric: "#ffb020", access: "#3fa7ff", lpr: "#7c6bff", face: "#b06bff",
  density: "#2fd08a", patrol: "#9be15d", device: "#8a94a6", incident: "#ffd23f",
};
const OTHER = "#5b6478";
const W = 1000, H_DENSITY = 60, ROW = 8;

export function Timeline({ data, player, onScrub }: { data: TimelineData; player: Store<PlayerState>; onScrub: (atMs: number) => void }) {
  const playheadMs = useStore(player, (s) => s.playheadMs);
  const span = data.toMs - data.fromMs;
  const x = (ms: number) => ((ms - data.fromMs) / span) * W;
  const maxCount = useMemo(() => Math.max(1, ...data.buckets.map((b) => Object.values(b.counts).reduce((a, c) => a + c, 0))), [data]);
  const incidentRows = Math.min(data.incidents.length, 8);
  const offlineRows = Math.min(data.offline.length, 6);
  const height = H_DENSITY + 6 + incidentRows * ROW + 4 + offlineRows * 4 + 4;
  const scrub = (e: MouseEvent<SVGSVGElement>) => {
    if (e.type === "mousemove" && e.buttons !== 1) return;
    const r = e.currentTarget.getBoundingClientRect();
    onScrub(data.fromMs + ((e.clientX - r.left) / r.width) * span);
  };
  const bw = (data.bucketMs / span) * W;
  return (
    <svg className={styles.timeline} viewBox={`0 0 ${W} ${height}`} preserveAspectRatio="none" onMouseDown={scrub} onMouseMove={scrub} data-testid="timeline" role="slider"
      aria-valuemin={data.fromMs} aria-valuemax={data.toMs} aria-valuenow={Math.round(playheadMs)} aria-label="timeline">
      {data.buckets.map((b) => {
        let y = H_DENSITY;
        return Object.entries(b.counts).sort().map(([family, n]) => {
          const h = (n / maxCount) * H_DENSITY;
          y -= h;
          return <rect key={`${b.startMs}-${family}`} x={x(b.startMs)} y={y} width={Math.max(bw - 0.5, 0.5)} height={h} fill={FAMILY_COLOURS[family] ?? OTHER} />;
        });
      })}
      {data.incidents.slice(0, incidentRows).map((i, k) => (
        <rect key={i.id} x={x(Math.max(i.fromMs, data.fromMs))} y={H_DENSITY + 6 + k * ROW} height={ROW - 2} rx={2}
          width={Math.max(2, x(Math.min(i.toMs ?? data.toMs, data.toMs)) - x(Math.max(i.fromMs, data.fromMs)))}
          fill={i.drill ? "url(#drill-hatch)" : i.severity >= 3 ? "#ff3b4e" : "#ffb020"}><title>{`${i.drill ? "[演练] " : ""}${i.title}`}</title></rect>
      ))}
      {data.offline.slice(0, offlineRows).map((g, k) => (
        <rect key={`${g.deviceId}-${g.fromMs}`} x={x(Math.max(g.fromMs, data.fromMs))} y={H_DENSITY + 10 + incidentRows * ROW + k * 4} height={3}
          width={Math.max(1, x(Math.min(g.toMs ?? data.toMs, data.toMs)) - x(Math.max(g.fromMs, data.fromMs)))} fill="#8a94a6"><title>{`离线 ${g.deviceId}`}</title></rect>
      ))}
      <defs>
        <pattern id="drill-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" fill="#2b6cff" /><rect width="3" height="6" fill="#9ec1ff" />
        </pattern>
      </defs>
      <line x1={x(playheadMs)} x2={x(playheadMs)} y1={0} y2={height} stroke="#fff" strokeWidth={2} data-testid="playhead" />
    </svg>
  );
}
