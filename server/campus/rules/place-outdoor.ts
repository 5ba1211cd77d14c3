import type { PointM } from "../../contracts/geometry";
import { add, bbox, centroid, dist, lerp, normalize, scale, sub } from "../plane";
import { entrancesOf } from "./building-layout";
import { pushCamera, type PlacementContext } from "./context";
import { pushAlarmPillar } from "./place-gates";
import { OUTDOOR_RULES } from "./table";

// Outdoors (R-2.1 roads and playgrounds, R-6.3, R-2.3 playground pillar, R-2.8 patrol).

/** Pole cameras every `roadCameraSpacingM` of road, at the kerb, looking along the road. */
function roadCameras(ctx: PlacementContext): void {
  let carried = OUTDOOR_RULES.roadCameraSpacingM / 2;
  let n = 0;
  for (const road of ctx.site.paths.filter((p) => p.kind === "road")) {
    for (let i = 0; i + 1 < road.line.length; i++) {
      const a = road.line[i]!, b = road.line[i + 1]!;
      const len = dist(a, b);
      if (len < 1) continue;
      const d = normalize(sub(b, a));
      const kerb: PointM = scale([d[1], -d[0]], road.widthM / 2 + 1.5);
      let s = carried;
      for (; s < len; s += OUTDOOR_RULES.roadCameraSpacingM) {
        const at = add(lerp(a, b, s / len), kerb);
        n++;
        pushCamera(ctx, {
          family: "road-camera", name: `${road.name ?? "校园道路"}监控${n}`, at, target: add(at, scale(d, 35)),
          targetHeightM: 1, purpose: "observe", indoor: false, watches: road.id,
        });
      }
      carried = s - len;
    }
  }
}

function playgroundDevices(ctx: PlacementContext): void {
  for (const z of ctx.zonesOf("playground")) {
    const c = centroid(z.polygon);
    const box = bbox(z.polygon);
    const rx = (box.maxX - box.minX) / 2 + 4, ry = (box.maxY - box.minY) / 2 + 4;
    for (let i = 0; i < OUTDOOR_RULES.playgroundCameras; i++) {
      const t = (2 * Math.PI * (i + 0.5)) / OUTDOOR_RULES.playgroundCameras;
      const at: PointM = [c[0] + rx * Math.cos(t), c[1] + ry * Math.sin(t)];
      pushCamera(ctx, {
        family: "playground-camera", name: `${z.name}监控${i + 1}`, at, target: lerp(at, c, 0.8), targetHeightM: 1,
        purpose: "observe", indoor: false, resolution: [3840, 2160], watches: z.id,
      });
    }
    const pillarAt: PointM = [c[0], box.minY - 5];
    pushAlarmPillar(ctx, z.name, pillarAt, [c[0], box.minY - 7]);
    ctx.push({
      id: ctx.nextId("patrol"), kind: "patrol_checkpoint", protocol: "mqtt", externalId: ctx.nextMqtt("patrol"),
      name: `${z.name}巡更点`, buildingId: null, floor: 0, position: [c[0] + rx, c[1], 1.2],
      attrs: { family: "patrol-checkpoint", requirement: "R-2.8", routeId: "grounds", order: 0 },
    });
  }
}

/** Checkpoints at every gate and building entrance, in one route per kind of round. */
function patrolCheckpoints(ctx: PlacementContext): void {
  ctx.site.gates.forEach((g, i) => {
    const o: PointM = [Math.sin((g.outwardDeg * Math.PI) / 180), Math.cos((g.outwardDeg * Math.PI) / 180)];
    const p = add(g.position, scale(o, -4));
    ctx.push({
      id: ctx.nextId("patrol"), kind: "patrol_checkpoint", protocol: "mqtt", externalId: ctx.nextMqtt("patrol"),
      name: `${g.name}巡更点`, buildingId: null, floor: 0, position: [p[0], p[1], 1.2],
      attrs: { family: "patrol-checkpoint", requirement: "R-2.8", routeId: "gates", order: i + 1, gateId: g.id },
    });
  });
  ctx.site.buildings.forEach((b, i) => {
    const e = entrancesOf(b, ctx.site.paths).main;
    const p = add(e.point, scale(e.outward, 1));
    ctx.push({
      id: ctx.nextId("patrol"), kind: "patrol_checkpoint", protocol: "mqtt", externalId: ctx.nextMqtt("patrol"),
      name: `${b.name}巡更点`, buildingId: b.id, floor: 0, position: [p[0], p[1], 1.2],
      attrs: { family: "patrol-checkpoint", requirement: "R-2.8", routeId: "buildings", order: i + 1 },
    });
  });
}

export function placeOutdoor(ctx: PlacementContext): void {
  roadCameras(ctx);
  playgroundDevices(ctx);
  patrolCheckpoints(ctx);
}
