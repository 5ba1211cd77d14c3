import type { Gate, Zone } from "../../contracts/campus";
import type { PointM } from "../../contracts/geometry";
import { add, bearingVector, centroid, scale } from "../plane";
import { pushCamera, type PlacementContext } from "./context";
import { GATE_RULES } from "./table";

// Gates: the gate itself, overview cameras that identify faces and
// plates, the 30 m approach outside the main gate, face capture, LPR per lane, a density
// camera over the gate area and a one-key alarm pillar.

interface GateFrame {
  at(alongOutM: number, lateralM: number): PointM;
}

function frameOf(g: Gate): GateFrame {
  const o = bearingVector(g.outwardDeg);
  const t: PointM = [o[1], -o[0]]; // to the right when looking out
  return { at: (out, lat) => add(g.position, add(scale(o, out), scale(t, lat))) };
}

function overviewCameras(ctx: PlacementContext, g: Gate, f: GateFrame): void {
  const n = GATE_RULES.overviewCamerasPerGate[g.kind];
  const pillar = g.widthM / 2 + 1;
  const specs = [
    // Inside, looking out: faces of people and front plates of vehicles coming in.
    { at: f.at(-10, pillar), target: f.at(1, 0), name: "入口抓拍", purpose: "identify" as const, h: 1.6 },
    // On the gate pillar looking in: faces of people leaving.
    { at: f.at(0.5, -pillar), target: f.at(-8, 0), name: "出口抓拍", purpose: "identify" as const, h: 1.6 },
    // High overview of the whole gate area.
    { at: f.at(-18, -pillar - 2), target: f.at(0, 0), name: "全景", purpose: "observe" as const, h: 0 },
  ];
  for (const s of specs.slice(0, n)) {
    pushCamera(ctx, {
      family: "gate-camera", name: `${g.name}${s.name}`, at: s.at, target: s.target, targetHeightM: s.h,
      purpose: s.purpose, indoor: false, watches: g.id, attrs: { gateId: g.id },
    });
  }
}

function approachCameras(ctx: PlacementContext, g: Gate, f: GateFrame): void {
  if (g.kind !== "main") return;
  const approach = ctx.zonesOf("gate_approach").find((z) => z.name.startsWith(g.name));
  for (let i = 0; i < GATE_RULES.approachCameras; i++) {
    const side = i % 2 === 0 ? 1 : -1;
    pushCamera(ctx, {
      family: "approach-camera", name: `${g.name}门前道路${i + 1}`, at: f.at(0.5, side * (g.widthM / 2 + 2)),
      target: f.at(GATE_RULES.approachDepthM * (0.6 + 0.4 * (i % 2)), -side * 2), targetHeightM: 1.6,
      purpose: "recognise", indoor: false, watches: approach?.id ?? null, attrs: { gateId: g.id },
    });
  }
}

function captureCameras(ctx: PlacementContext, g: Gate, f: GateFrame): void {
  const faces = GATE_RULES.faceCapturePerGate[g.kind] ?? 0;
  for (let i = 0; i < faces; i++) {
    const lane = faces === 1 ? 0 : (i / (faces - 1) - 0.5) * (g.widthM / 2);
    pushCamera(ctx, {
      family: "face-capture", kind: "face_camera", name: `${g.name}人脸抓拍${i + 1}`, at: f.at(-5, lane),
      target: f.at(1, lane), targetHeightM: 1.6, purpose: "identify", indoor: false, resolution: [2560, 1440],
      watches: g.id, attrs: { gateId: g.id, direction: "in", watchlistRadiusM: GATE_RULES.approachDepthM },
    });
  }
  const lprs = GATE_RULES.lprPerGate[g.kind] ?? 0;
  for (let i = 0; i < lprs; i++) {
    const entry = i % 2 === 0;
    const lane = (entry ? 1 : -1) * (g.widthM / 4);
    pushCamera(ctx, {
      family: "lpr", kind: "lpr_camera", name: `${g.name}${entry ? "入口" : "出口"}车牌识别`,
      at: entry ? f.at(-7, lane) : f.at(0.5, lane), target: entry ? f.at(1, lane) : f.at(-6, lane),
      targetHeightM: 0.5, purpose: "identify", indoor: false, resolution: [2560, 1440], watches: g.id,
      attrs: { gateId: g.id, lane: entry ? "entry" : "exit" },
    });
  }
}

function gateZoneOf(ctx: PlacementContext, g: Gate): Zone | undefined {
  return ctx.zonesOf("gate").find((z) => z.name === `${g.name}区域`);
}

/** One-key alarm pillar with its own camera and two-way voice; own DC-09 account. */
export function pushAlarmPillar(ctx: PlacementContext, name: string, at: PointM, facing: PointM): void {
  const account = ctx.nextAccount();
  const id = ctx.nextId("pillar");
  const cam = pushCamera(ctx, {
    family: "alarm-pillar-camera", name: `${name}一键报警柱摄像机`, at, target: facing,
    targetHeightM: 1.6, purpose: "identify", indoor: false, resolution: [1920, 1080], attrs: { pillarId: id },
  });
  ctx.push({
    id, kind: "panic_button", protocol: "dc09", externalId: `${account}/001`, name: `${name}一键报警柱`,
    buildingId: null, floor: 0, position: [at[0], at[1], 1.2],
    attrs: { family: "alarm-pillar", requirement: "R-2.3", variant: "alarm_pillar", account, zone: 1, cameraId: cam.id, twoWayVoice: true, linkedTo: ["duty_room", "110"] },
  });
}

export function placeGates(ctx: PlacementContext): void {
  ctx.site.gates.forEach((g, i) => {
    const f = frameOf(g);
    ctx.push({
      id: ctx.nextId("gate"), kind: "gate", protocol: "none", externalId: `gate-${String(ctx.plan.campusNo).padStart(2, "0")}-${i + 1}`,
      name: g.name, buildingId: null, floor: 0, position: [g.position[0], g.position[1], 0],
      attrs: { family: "gate", requirement: "R-2.6", gateId: g.id, gateKind: g.kind, outwardDeg: g.outwardDeg, widthM: g.widthM },
    });
    overviewCameras(ctx, g, f);
    approachCameras(ctx, g, f);
    captureCameras(ctx, g, f);
    const zone = gateZoneOf(ctx, g);
    pushCamera(ctx, {
      family: "density-camera", kind: "density_camera", name: `${g.name}人流密度`, at: f.at(-20, g.widthM / 2 + 3),
      target: zone ? centroid(zone.polygon) : f.at(-5, 0), purpose: "detect", indoor: false, watches: zone?.id ?? null,
      attrs: { gateId: g.id, zoneId: zone?.id ?? null, densityLimitPerM2: zone?.densityLimitPerM2 ?? null },
    });
    pushAlarmPillar(ctx, g.name, f.at(-6, -(g.widthM / 2 + 3)), f.at(-8, -(g.widthM / 2 + 3)));
  });
}
