import type { Building, Zone } from "../../contracts/campus";
import type { LineM, PointM } from "../../contracts/geometry";
import { add, centroid, dist, lerp, scale } from "../plane";
import { corridorLine, entrancesOf, roomPolygon } from "./building-layout";
import { floorBaseM, pushCamera, type PlacementContext } from "./context";
import { BUILDING_RULES } from "./table";

// Inside and at buildings (R-2.1 corridors, stairs, dorm entrances, canteens, storerooms,
// control room; doors; density; smoke and electrical fire).

const floorName = (floor: number) => `${floor + 1}层`;

function corridorCameras(ctx: PlacementContext, b: Building): void {
  if (!BUILDING_RULES.corridorKinds.includes(b.kind)) return;
  const [a, z] = corridorLine(b);
  const n = Math.max(1, Math.ceil(dist(a, z) / BUILDING_RULES.corridorCameraSpacingM));
  for (let floor = 0; floor < b.floors; floor++) {
    for (let i = 0; i < n; i++) {
      const fromEnd = i % 2 === 0;
      const at = lerp(a, z, fromEnd ? i / (2 * n) : 1 - i / (2 * n));
      pushCamera(ctx, {
        family: "corridor-camera", name: `${b.name}${floorName(floor)}走廊${i + 1}`, at, target: fromEnd ? z : a,
        targetHeightM: 1.6, purpose: "observe", indoor: true, buildingId: b.id, floor,
      });
    }
  }
}

/** Camera in a room corner looking across to the opposite corner. */
function roomCamera(ctx: PlacementContext, family: string, z: Zone, name: string, targetHeightM = 1): void {
  const c = centroid(z.polygon);
  const corner = lerp(z.polygon[0]!, c, 0.15);
  const far = lerp(z.polygon[2] ?? c, c, 0.15);
  pushCamera(ctx, {
    family, name, at: corner, target: far, targetHeightM, purpose: "recognise", indoor: true,
    buildingId: z.buildingId, floor: z.floor, watches: z.id,
  });
}

function zoneCameras(ctx: PlacementContext): void {
  for (const z of ctx.zonesOf("stairs")) roomCamera(ctx, "stairs-camera", z, `${z.name}摄像机`, 0);
  for (const kind of ["archive", "finance", "server_room", "hazmat_store"] as const) {
    for (const z of ctx.zonesOf(kind)) roomCamera(ctx, "storeroom-camera", z, `${z.name}摄像机`);
  }
  for (const z of ctx.zonesOf("control_room")) {
    roomCamera(ctx, "control-room-camera", z, `${z.name}摄像机1`);
    const c = centroid(z.polygon);
    pushCamera(ctx, {
      family: "control-room-camera", name: `${z.name}摄像机2`, at: lerp(z.polygon[2]!, c, 0.15), target: lerp(z.polygon[0]!, c, 0.15),
      targetHeightM: 1, purpose: "recognise", indoor: true, buildingId: z.buildingId, floor: z.floor, watches: z.id,
    });
  }
  for (const z of ctx.zonesOf("stairs")) {
    const b = ctx.building(z.buildingId);
    if (!b || !BUILDING_RULES.densityStairKinds.includes(b.kind) || !BUILDING_RULES.densityStairFloors.includes(z.floor)) continue;
    const c = centroid(z.polygon);
    pushCamera(ctx, {
      family: "density-camera", kind: "density_camera", name: `${z.name}人流密度`, at: lerp(z.polygon[1]!, c, 0.15), target: c,
      purpose: "detect", indoor: true, buildingId: z.buildingId, floor: z.floor, watches: z.id,
      attrs: { zoneId: z.id, densityLimitPerM2: z.densityLimitPerM2 },
    });
  }
}

function dormEntranceCameras(ctx: PlacementContext, b: Building): void {
  if (b.kind !== "dormitory") return;
  const e = entrancesOf(b, ctx.site.paths).main;
  const zone = ctx.zonesOf("dorm_entrance").find((z) => z.buildingId === b.id);
  const lateral: PointM = [e.outward[1], -e.outward[0]];
  const specs = [
    { name: "入口外", at: add(add(e.point, scale(e.outward, 0.3)), scale(lateral, 3)), target: add(e.point, scale(e.outward, 8)), indoor: false },
    { name: "门厅", at: add(e.point, scale(e.outward, -7)), target: e.point, indoor: true },
  ];
  for (const s of specs.slice(0, BUILDING_RULES.dormEntranceCameras)) {
    pushCamera(ctx, {
      family: "dorm-entrance-camera", name: `${b.name}${s.name}`, at: s.at, target: s.target, targetHeightM: 1.6,
      purpose: "recognise", indoor: s.indoor, buildingId: b.id, floor: 0, watches: zone?.id ?? null,
    });
  }
}

function canteenCameras(ctx: PlacementContext, b: Building): void {
  if (b.kind !== "canteen") return;
  const e = entrancesOf(b, ctx.site.paths);
  pushCamera(ctx, {
    family: "canteen-camera", name: `${b.name}入口`, at: add(e.main.point, scale(e.main.outward, -6)), target: e.main.point,
    targetHeightM: 1.6, purpose: "recognise", indoor: true, buildingId: b.id, floor: 0,
  });
  // kitchen operations visible (明厨亮灶).
  const kitchen = roomPolygon(b, 0.75, 14, 10);
  pushCamera(ctx, {
    family: "canteen-camera", name: `${b.name}后厨`, at: lerp(kitchen[0]!, centroid(kitchen), 0.1), target: lerp(kitchen[2]!, centroid(kitchen), 0.1),
    targetHeightM: 1, purpose: "recognise", indoor: true, buildingId: b.id, floor: 0, watches: "kitchen",
  });
  for (const z of ctx.zonesOf("canteen").filter((x) => x.buildingId === b.id)) {
    for (let i = 0; i < BUILDING_RULES.canteenDiningCamerasPerFloor; i++) {
      const corner = z.polygon[(i * 2) % z.polygon.length]!;
      const c = centroid(z.polygon);
      pushCamera(ctx, {
        family: "canteen-camera", name: `${z.name}就餐区${i + 1}`, at: lerp(corner, c, 0.1), target: c, targetHeightM: 1,
        purpose: "observe", indoor: true, buildingId: b.id, floor: z.floor, watches: z.id,
      });
    }
    pushCamera(ctx, {
      family: "density-camera", kind: "density_camera", name: `${z.name}人流密度`, at: lerp(z.polygon[1]!, centroid(z.polygon), 0.1),
      target: centroid(z.polygon), purpose: "detect", indoor: true, buildingId: b.id, floor: z.floor, watches: z.id,
      attrs: { zoneId: z.id, densityLimitPerM2: z.densityLimitPerM2 },
    });
  }
}

function pushDoor(ctx: PlacementContext, b: Building | null, controllerId: string, name: string, at: PointM, floor: number, roomZoneId: string | null): void {
  const base = floorBaseM(ctx, b?.id ?? null, floor);
  ctx.push({
    id: ctx.nextId("door"), kind: "access_door", protocol: "mqtt", externalId: ctx.nextMqtt("door"), name,
    buildingId: b?.id ?? null, floor, position: [at[0], at[1], base + 1.1],
    attrs: { family: "access-door", requirement: "R-2.5", controllerId, roomZoneId, lock: "electric", reader: "card+face" },
  });
}

const DOOR_ROOM_KINDS = ["finance", "archive", "server_room", "hazmat_store", "control_room", "principal_office"] as const;

function doors(ctx: PlacementContext, b: Building): void {
  if (BUILDING_RULES.noAccessControlKinds.includes(b.kind)) return;
  const controllerId = ctx.nextMqtt("acs");
  const e = entrancesOf(b, ctx.site.paths);
  pushDoor(ctx, b, controllerId, `${b.name}正门`, e.main.point, 0, null);
  if (b.kind !== "guard_room") pushDoor(ctx, b, controllerId, `${b.name}后门`, e.back.point, 0, null);
  const rooms = ctx.site.zones.filter((z) => z.buildingId === b.id && (DOOR_ROOM_KINDS as readonly string[]).includes(z.kind));
  for (const z of rooms) pushDoor(ctx, b, controllerId, `${z.name}门`, doorOf(z.polygon), z.floor, z.id);
  if (b.kind === "lab") {
    for (let floor = 1; floor < b.floors; floor++) pushDoor(ctx, b, controllerId, `${b.name}${floorName(floor)}实验区门`, lerp(...corridorLine(b), 0.5), floor, null);
  }
}

/** A room's door: the middle of its first edge, nudged inside. */
function doorOf(room: LineM): PointM {
  return lerp(lerp(room[0]!, room[1]!, 0.5), centroid(room), 0.05);
}

function fireSensors(ctx: PlacementContext, b: Building): void {
  const [a, z] = corridorLine(b);
  const smoke = BUILDING_RULES.smokePerFloor[b.kind];
  const efire = BUILDING_RULES.electricFirePerFloor[b.kind];
  for (let floor = 0; floor < b.floors; floor++) {
    const ceiling = floorBaseM(ctx, b.id, floor) + Math.min(3, b.heightM / b.floors - 0.2);
    for (let i = 0; i < smoke; i++) {
      const p = lerp(a, z, (i + 0.5) / smoke);
      ctx.push({
        id: ctx.nextId("smoke"), kind: "smoke_sensor", protocol: "mqtt", externalId: ctx.nextMqtt("smoke"),
        name: `${b.name}${floorName(floor)}烟感${i + 1}`, buildingId: b.id, floor, position: [p[0], p[1], ceiling],
        attrs: { family: "smoke-sensor", requirement: "R-2.10" },
      });
    }
    for (let i = 0; i < efire; i++) {
      ctx.push({
        id: ctx.nextId("efire"), kind: "electric_fire_sensor", protocol: "mqtt", externalId: ctx.nextMqtt("efire"),
        name: `${b.name}${floorName(floor)}配电箱电气火灾监测`, buildingId: b.id, floor, position: [a[0], a[1], floorBaseM(ctx, b.id, floor) + 1.5],
        attrs: { family: "electric-fire-sensor", requirement: "R-2.10", circuit: "floor_distribution_board" },
      });
    }
  }
  if (b.kind === "dormitory") {
    // e-bike charging shed behind each dorm.
    const back = entrancesOf(b, ctx.site.paths).back;
    const p = add(back.point, scale(back.outward, 6));
    ctx.push({
      id: ctx.nextId("efire"), kind: "electric_fire_sensor", protocol: "mqtt", externalId: ctx.nextMqtt("efire"),
      name: `${b.name}电动车充电棚`, buildingId: null, floor: 0, position: [p[0], p[1], 2.5],
      attrs: { family: "electric-fire-sensor", requirement: "R-2.10", circuit: "ebike_charging", nearBuildingId: b.id },
    });
  }
}

export function placeBuildings(ctx: PlacementContext): void {
  for (const b of ctx.site.buildings) {
    corridorCameras(ctx, b);
    dormEntranceCameras(ctx, b);
    canteenCameras(ctx, b);
    doors(ctx, b);
    fireSensors(ctx, b);
  }
  zoneCameras(ctx);
}
