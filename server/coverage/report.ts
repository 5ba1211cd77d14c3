import type { CampusModel } from "../contracts/campus";
import type { CoveragePlan, CoverageCamera, PlanReport, ReportCamera, RequirementRule, ZoneResult } from "../contracts/coverage";
import type { LineM } from "../contracts/geometry";
import { camerasOf } from "./scene";

// The report of one coverage plan (issue 7): per-zone compliance with the rule each verdict
// cites, a blind-spot map (SVG, drawn here so it prints without WebGL), every camera with its
// change, and how many new cameras of each model the plan buys.

const MAP_WIDTH_PX = 900;

function reportCamera(cam: CoverageCamera, change: ReportCamera["change"]): ReportCamera {
  const o = cam.optics;
  return {
    id: cam.id, name: cam.name || cam.id, model: cam.model, change, position: cam.position,
    yawDeg: o.yawDeg, pitchDeg: o.pitchDeg, hfovDeg: o.hfovDeg, resolution: `${o.resolutionW}×${o.resolutionH}`,
  };
}

/** Live cameras with the plan's changes: changed ones first, then the untouched registry. */
export function planCameras(model: Pick<CampusModel, "devices">, plan: Pick<CoveragePlan, "changes">): ReportCamera[] {
  const live = camerasOf(model);
  const byId = new Map(live.map((c) => [c.id, c]));
  const changed: ReportCamera[] = [];
  const touched = new Set<string>();
  for (const ch of plan.changes) {
    const id = ch.op === "remove" ? ch.cameraId : ch.camera.id;
    touched.add(id);
    if (ch.op === "remove") {
      const cam = byId.get(id);
      if (cam) changed.push(reportCamera(cam, "removed"));
    } else {
      changed.push(reportCamera(ch.camera, byId.has(id) ? "updated" : "added"));
    }
  }
  // A camera changed twice (moved, then moved again) appears once, with its last change.
  const last = new Map(changed.map((c) => [c.id, c]));
  const unchanged = live.filter((c) => !touched.has(c.id)).map((c) => reportCamera(c, "unchanged"));
  return [...last.values(), ...unchanged];
}

export function newCamerasByModel(cameras: readonly ReportCamera[]): PlanReport["newCamerasByModel"] {
  const counts = new Map<string, number>();
  for (const c of cameras) if (c.change === "added") counts.set(c.model ?? "—", (counts.get(c.model ?? "—") ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([model, count]) => ({ model, count }));
}

export function buildPlanReport(model: CampusModel, plan: CoveragePlan, zones: readonly ZoneResult[],
  rules: readonly RequirementRule[], now: Date = new Date()): PlanReport {
  const cameras = planCameras(model, plan);
  return {
    plan, campusName: model.name, generatedAt: now.toISOString(),
    zones: zones.map(({ blindSpots, ...z }) => ({
      ...z, blindSpotCount: blindSpots.length, ruleText: rules.find((r) => r.zoneKind === z.zoneKind)?.text ?? "",
    })),
    cameras,
    newCamerasByModel: newCamerasByModel(cameras),
    blindSpotSvg: blindSpotSvg(model, zones, cameras),
  };
}

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Blind spots (red) inside required zones (green pass / amber fail) over the building outlines. */
export function blindSpotSvg(model: Pick<CampusModel, "boundary" | "buildings" | "zones">, zones: readonly ZoneResult[],
  cameras: readonly ReportCamera[]): string {
  let minE = Infinity, minN = Infinity, maxE = -Infinity, maxN = -Infinity;
  for (const [e, n] of model.boundary) { minE = Math.min(minE, e); maxE = Math.max(maxE, e); minN = Math.min(minN, n); maxN = Math.max(maxN, n); }
  for (const z of zones) for (const ring of z.blindSpots) for (const [e, n] of ring) {
    minE = Math.min(minE, e); maxE = Math.max(maxE, e); minN = Math.min(minN, n); maxN = Math.max(maxN, n);
  }
  const pad = 10, spanE = maxE - minE + 2 * pad, spanN = maxN - minN + 2 * pad;
  const scale = MAP_WIDTH_PX / spanE, h = Math.round(spanN * scale);
  const pt = ([e, n]: readonly [number, number]): string => `${((e - minE + pad) * scale).toFixed(1)},${((maxN + pad - n) * scale).toFixed(1)}`;
  const path = (ring: LineM): string => `M${ring.map(pt).join("L")}Z`;
  const verdict = new Map(zones.map((z) => [z.zoneId, z.pass]));
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${MAP_WIDTH_PX} ${h}" width="${MAP_WIDTH_PX}" height="${h}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<path d="${path(model.boundary)}" fill="#f3f4f1" stroke="#8a8f98" stroke-width="1.5"/>`,
    `<g fill="#c9ccd1" stroke="#6b7079" stroke-width="0.8">${model.buildings.map((b) => `<path d="${path(b.footprint)}"/>`).join("")}</g>`,
  ];
  for (const z of model.zones) {
    const pass = verdict.get(z.id);
    if (pass === undefined) continue;
    parts.push(`<path d="${path(z.polygon)}" fill="none" stroke="${pass ? "#2e9d57" : "#e08a00"}" stroke-width="1.6" stroke-dasharray="5 3"><title>${esc(z.name)}</title></path>`);
  }
  const spots = zones.flatMap((z) => z.blindSpots.map(path));
  // Holes are clockwise rings: evenodd keeps them empty.
  if (spots.length > 0) parts.push(`<path d="${spots.join("")}" fill="#e5302f" fill-opacity="0.65" fill-rule="evenodd" stroke="#a31515" stroke-width="0.6"/>`);
  for (const c of cameras) {
    if (c.change === "removed") continue;
    const [x, y] = pt([c.position[0], c.position[1]]).split(",");
    const fill = c.change === "added" ? "#1f6feb" : c.change === "updated" ? "#8250df" : "#24292f";
    parts.push(`<circle cx="${x}" cy="${y}" r="${c.change === "unchanged" ? 2 : 4}" fill="${fill}"><title>${esc(c.name)}</title></circle>`);
  }
  parts.push(`</svg>`);
  return parts.join("");
}
