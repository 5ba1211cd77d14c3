import { Color } from "three";
import type { Building, DeviceKind } from "../../../server/contracts/campus";

// Colours of the dark control-room theme. Building walls are muted so devices and (later)
// alarms stand out; each device kind has its own saturated hue, matched by the legend.

export const SCENE_BACKGROUND = "#070d18";

export const GROUND_COLOURS = {
  outside: "#090f1a",
  campus: "#132133",
  field: "#1b4d33",
  track: "#7c3a31",
  road: "#2c3b50",
  footway: "#3a4a60",
  cycleway: "#35505f",
  wall: "#8c96a6",
  fence: "#6c7d8e",
  grid: "#16243a",
} as const;

const BUILDING_WALL: Record<Building["kind"], string> = {
  teaching: "#4d6f99",
  dormitory: "#6b7f5e",
  canteen: "#a07a45",
  library: "#7a62a3",
  lab: "#3f8a8a",
  admin: "#8d94a5",
  gym: "#9a5a50",
  guard_room: "#b8952f",
  control_room: "#c04848",
  other: "#5f6774",
};

const ROOF_TINT = new Color("#cfe0f5");
const ROOF_TINT_SHARE = 0.24;

const buildingColourCache = new Map<Building["kind"], { wall: Color; roof: Color }>();

export function buildingColours(b: Building): { wall: Color; roof: Color } {
  let c = buildingColourCache.get(b.kind);
  if (!c) {
    const wall = new Color(BUILDING_WALL[b.kind]);
    c = { wall, roof: wall.clone().lerp(ROOF_TINT, ROOF_TINT_SHARE) };
    buildingColourCache.set(b.kind, c);
  }
  return c;
}

export function buildingWallColour(kind: Building["kind"]): string {
  return BUILDING_WALL[kind];
}

export const DEVICE_COLOURS: Record<DeviceKind, string> = {
  camera: "#3fd0ff",
  lpr_camera: "#5c8cff",
  face_camera: "#b47cff",
  density_camera: "#27e0b0",
  fence_segment: "#7dff6a",
  fence_host: "#9be86a",
  alarm_panel: "#ffb347",
  intrusion_detector: "#ff8a3d",
  panic_button: "#ff4d5e",
  access_door: "#ffe066",
  gate: "#f5f7fa",
  patrol_checkpoint: "#4dd2ff",
  smoke_sensor: "#ff7ab8",
  electric_fire_sensor: "#ff6b3d",
};
