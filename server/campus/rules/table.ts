import type { BUILDING_KINDS, DeviceKind, GATE_KINDS } from "../../contracts/campus";

// The placement rules of REQUIREMENTS R-2 (and the coverage rules R-6 they serve) as data.
// Each device family names the requirement it implements and its count/spacing parameters, so
// a test can check a campus against the table, and a deployment can tune numbers in one place.

type BuildingKind = (typeof BUILDING_KINDS)[number];
type GateKind = (typeof GATE_KINDS)[number];

/** DORI pixel densities (IEC 62676-4 §7.4): what a camera must resolve at its target. */
export const PIXELS_PER_M = { identify: 250, recognise: 125, observe: 62, detect: 25 } as const;
export type CameraPurpose = keyof typeof PIXELS_PER_M;

export const CAMERA_RESOLUTIONS = [
  [1920, 1080], [2560, 1440], [3840, 2160],
] as const;

/** Mount heights above the floor the camera is on (R-2.1 fixed cameras; pole 8 m max). */
export const MOUNT_HEIGHT_M = { indoor: [3, 3.5], outdoor: [4, 8] } as const;

/** Perimeter wall the tension fence runs on (R-2.4: walls ≥ 2 m). */
export const WALL_HEIGHT_M = 2.5;

export interface DeviceFamilyRule {
  family: string;
  requirement: string;
  kind: DeviceKind;
  protocol: "gb28181" | "gat1400" | "dc09" | "mqtt" | "none";
  /** Human summary of where and how many. */
  where: string;
}

export const GATE_RULES = {
  /** face snapshot at main gates (and pedestrian entrances); count per gate. */
  faceCapturePerGate: { main: 2, pedestrian: 1, side: 1 } as Partial<Record<GateKind, number>>,
  /** LPR at vehicle gates, one per lane (entry + exit). */
  lprPerGate: { vehicle: 2 } as Partial<Record<GateKind, number>>,
  /** every gate has overview cameras identifying faces/plates across the opening. */
  overviewCamerasPerGate: { main: 3, vehicle: 2, pedestrian: 2, side: 2, service: 2 } as Record<GateKind, number>,
  /** the road outside the main gate, 30 m deep, is a zone with its own cameras. */
  approachDepthM: 30,
  approachCameras: 2,
  gateZoneDepthInsideM: 15,
  gateZoneDepthOutsideM: 5,
} as const;

export const PERIMETER_RULES = {
  /** each tension-fence zone (segment) at most this long, so an alarm localises. */
  maxSegmentLengthM: 100,
  /** Zones per fence host (a typical 8-zone tension-fence controller). */
  segmentsPerHost: 8,
  /** fence + video linkage: one camera per segment watching along the wall. */
  camerasPerSegment: 1,
} as const;

export const BUILDING_RULES = {
  /** corridors: one camera per this many metres of corridor per floor (at least one). */
  corridorCameraSpacingM: 45,
  corridorKinds: ["teaching", "dormitory", "lab", "admin", "library"] as BuildingKind[],
  /** stairs: two stairwells (building ends) in these kinds, a camera on every floor. */
  stairKinds: ["teaching", "dormitory"] as BuildingKind[],
  /** density cameras at stairwells of these kinds, on these floors (dismissal crowding). */
  densityStairKinds: ["teaching"] as BuildingKind[],
  densityStairFloors: [0, 1] as number[],
  /** dorm entrances: outside + lobby. */
  dormEntranceCameras: 2,
  /** canteen: entrance, kitchen, and per floor dining hall. */
  canteenDiningCamerasPerFloor: 2,
  /** door readers on main and back entrances of every building except these. */
  noAccessControlKinds: [] as BuildingKind[],
  /** smoke detectors per floor and electrical-fire monitors per floor. */
  smokePerFloor: { dormitory: 3, lab: 2, canteen: 2, teaching: 0, library: 0, admin: 0, gym: 0, guard_room: 0, control_room: 0, other: 0 } as Record<BuildingKind, number>,
  electricFirePerFloor: { dormitory: 1, lab: 1, canteen: 1, teaching: 0, library: 0, admin: 0, gym: 0, guard_room: 0, control_room: 0, other: 0 } as Record<BuildingKind, number>,
} as const;

export const OUTDOOR_RULES = {
  /** along roads: one pole camera per this many metres of road. */
  roadCameraSpacingM: 90,
  /** playground: pole cameras around the field. */
  playgroundCameras: 6,
  /** patrol checkpoints at gates, building entrances and every N m of perimeter. */
  patrolPerimeterSpacingM: 150,
} as const;

/** Zone kinds whose rooms get PIR intrusion detectors linked to the building's panel. */
export const INTRUSION_ROOM_KINDS = ["archive", "finance", "server_room", "hazmat_store"] as const;
/** Zone kinds where a 110 panic button is installed. */
export const PANIC_ROOM_KINDS = ["guard_room", "principal_office"] as const;
/** Density limits (persons/m²) used for derived zones; configurable per zone. */
export const DENSITY_LIMITS_PER_M2 = { stairs: 2.5, canteen: 1.5, gate: 2, playground: 2, dorm_entrance: 2 } as const;

export const DEVICE_FAMILIES: DeviceFamilyRule[] = [
  { family: "gate", requirement: "R-2.6", kind: "gate", protocol: "none", where: "every perimeter opening" },
  { family: "gate-camera", requirement: "R-6.2", kind: "camera", protocol: "gb28181", where: "overviewCamerasPerGate, identify faces/plates" },
  { family: "approach-camera", requirement: "R-6.1", kind: "camera", protocol: "gb28181", where: "30 m outside the main gate" },
  { family: "face-capture", requirement: "R-2.6", kind: "face_camera", protocol: "gat1400", where: "faceCapturePerGate" },
  { family: "lpr", requirement: "R-2.7", kind: "lpr_camera", protocol: "gat1400", where: "lprPerGate" },
  { family: "dorm-entrance-camera", requirement: "R-2.1", kind: "camera", protocol: "gb28181", where: "dorm entrances" },
  { family: "corridor-camera", requirement: "R-2.1", kind: "camera", protocol: "gb28181", where: "every floor of corridorKinds" },
  { family: "stairs-camera", requirement: "R-2.1", kind: "camera", protocol: "gb28181", where: "every stairwell, every floor" },
  { family: "playground-camera", requirement: "R-6.3", kind: "camera", protocol: "gb28181", where: "around each playground" },
  { family: "canteen-camera", requirement: "R-6.1", kind: "camera", protocol: "gb28181", where: "entrance, kitchen, dining" },
  { family: "storeroom-camera", requirement: "R-2.1", kind: "camera", protocol: "gb28181", where: "archive, finance, server, hazmat rooms" },
  { family: "control-room-camera", requirement: "R-6.1", kind: "camera", protocol: "gb28181", where: "control rooms" },
  { family: "road-camera", requirement: "R-2.1", kind: "camera", protocol: "gb28181", where: "roadCameraSpacingM along roads" },
  { family: "perimeter-camera", requirement: "R-2.4", kind: "camera", protocol: "gb28181", where: "one per fence segment" },
  { family: "fence-host", requirement: "R-2.4", kind: "fence_host", protocol: "dc09", where: "segmentsPerHost segments each" },
  { family: "fence-segment", requirement: "R-2.4", kind: "fence_segment", protocol: "dc09", where: "whole perimeter, ≤ maxSegmentLengthM" },
  { family: "alarm-panel", requirement: "R-2.2", kind: "alarm_panel", protocol: "dc09", where: "each protected building" },
  { family: "intrusion-detector", requirement: "R-2.2", kind: "intrusion_detector", protocol: "dc09", where: "INTRUSION_ROOM_KINDS" },
  { family: "panic-button", requirement: "R-2.3", kind: "panic_button", protocol: "dc09", where: "PANIC_ROOM_KINDS" },
  { family: "alarm-pillar-camera", requirement: "R-2.3", kind: "camera", protocol: "gb28181", where: "on each alarm pillar (video + voice)" },
  { family: "alarm-pillar", requirement: "R-2.3", kind: "panic_button", protocol: "dc09", where: "each gate and playground" },
  { family: "access-door", requirement: "R-2.5", kind: "access_door", protocol: "mqtt", where: "building entrances and protected rooms" },
  { family: "density-camera", requirement: "R-2.9", kind: "density_camera", protocol: "mqtt", where: "stairs, canteens, gates" },
  { family: "patrol-checkpoint", requirement: "R-2.8", kind: "patrol_checkpoint", protocol: "mqtt", where: "gates, entrances, perimeter" },
  { family: "smoke-sensor", requirement: "R-2.10", kind: "smoke_sensor", protocol: "mqtt", where: "smokePerFloor" },
  { family: "electric-fire-sensor", requirement: "R-2.10", kind: "electric_fire_sensor", protocol: "mqtt", where: "electricFirePerFloor + e-bike sheds" },
];

export function familyRule(family: string): DeviceFamilyRule {
  const rule = DEVICE_FAMILIES.find((f) => f.family === family);
  if (!rule) throw new Error(`Invariant: no device family rule "${family}"`);
  return rule;
}
