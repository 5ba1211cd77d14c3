import { z } from "zod";
import { ZLineM, ZPointM } from "./geometry";

// The campus model shared by the server, the web and the simulators. Positions are
// campus-local east-north-up metres (server/campus/coordinates.ts converts to WGS84).

export const BUILDING_KINDS = [
  "teaching", "dormitory", "canteen", "library", "lab", "admin", "gym",
  "guard_room", "control_room", "other",
] as const;
export const ZBuildingKind = z.enum(BUILDING_KINDS);

export const ZBuilding = z.object({
  id: z.string(),
  name: z.string(),
  kind: ZBuildingKind,
  footprint: ZLineM.min(3),
  heightM: z.number().positive(),
  floors: z.number().int().positive(),
});
export type Building = z.infer<typeof ZBuilding>;

export const ZONE_KINDS = [
  "gate", "gate_approach", "playground", "canteen", "dorm_entrance", "lab",
  "hazmat_store", "finance", "server_room", "control_room", "stairs", "grid",
  "archive", "principal_office", "guard_room", "parking",
] as const;
export const ZZoneKind = z.enum(ZONE_KINDS);

export const ZZone = z.object({
  id: z.string(),
  name: z.string(),
  kind: ZZoneKind,
  polygon: ZLineM.min(3),
  floor: z.number().int().default(0),
  ownerDept: z.string().nullable().default(null),
  gridId: z.string().nullable().default(null),
  buildingId: z.string().nullable().default(null),
  densityLimitPerM2: z.number().positive().nullable().default(null),
});
export type Zone = z.infer<typeof ZZone>;

export const PATH_KINDS = ["road", "footway", "cycleway", "track", "wall", "fence", "field"] as const;
export const ZPathKind = z.enum(PATH_KINDS);

/** One edge of the campus path network (or a wall / field outline when kind says so). */
export const ZPathSegment = z.object({
  id: z.string(),
  kind: ZPathKind,
  name: z.string().nullable().default(null),
  line: ZLineM.min(2),
  widthM: z.number().positive(),
  fromNode: z.string().nullable().default(null),
  toNode: z.string().nullable().default(null),
});
export type PathSegment = z.infer<typeof ZPathSegment>;

export const DEVICE_KINDS = [
  "camera", "lpr_camera", "face_camera", "density_camera", "fence_segment", "fence_host",
  "alarm_panel", "intrusion_detector", "panic_button", "access_door", "gate",
  "patrol_checkpoint", "smoke_sensor", "electric_fire_sensor",
] as const;
export const ZDeviceKind = z.enum(DEVICE_KINDS);
export type DeviceKind = z.infer<typeof ZDeviceKind>;

export const DEVICE_PROTOCOLS = ["gb28181", "gat1400", "dc09", "mqtt", "none"] as const;
export const ZDeviceProtocol = z.enum(DEVICE_PROTOCOLS);

export const DEVICE_STATUSES = ["online", "offline", "fault", "armed", "disarmed", "alarm"] as const;
export const ZDeviceStatus = z.enum(DEVICE_STATUSES);
export type DeviceStatus = z.infer<typeof ZDeviceStatus>;

/** Camera pose and lens. Yaw: degrees clockwise from north; pitch: degrees, negative looks down. */
export const ZCameraOptics = z.object({
  yawDeg: z.number(),
  pitchDeg: z.number().min(-90).max(90),
  rollDeg: z.number().default(0),
  hfovDeg: z.number().gt(0).lt(180),
  vfovDeg: z.number().gt(0).lt(180),
  resolutionW: z.number().int().positive(),
  resolutionH: z.number().int().positive(),
  rangeM: z.number().positive(),
});
export type CameraOptics = z.infer<typeof ZCameraOptics>;

export const ZDevice = z.object({
  id: z.string(),
  kind: ZDeviceKind,
  protocol: ZDeviceProtocol,
  externalId: z.string(),
  name: z.string(),
  buildingId: z.string().nullable().default(null),
  floor: z.number().int().default(0),
  position: z.tuple([z.number(), z.number(), z.number()]), // east, north, up (m)
  optics: ZCameraOptics.nullable().default(null),
  polyline: ZLineM.nullable().default(null), // fence segments
  parentId: z.string().nullable().default(null),
  model: z.string().nullable().default(null),
  manufacturer: z.string().nullable().default(null),
  status: ZDeviceStatus.default("online"),
  attrs: z.record(z.string(), z.unknown()).default({}),
});
export type Device = z.infer<typeof ZDevice>;

export const ZCampusSummary = z.object({
  id: z.string(),
  name: z.string(),
  origin: z.object({ latDeg: z.number(), lonDeg: z.number(), altM: z.number() }),
  timeZone: z.string(),
  source: z.enum(["generated", "osm"]),
  attribution: z.string().nullable(),
  boundary: ZLineM.min(3),
});
export type CampusSummary = z.infer<typeof ZCampusSummary>;

/** A whole campus: what the generator and the importer produce and the 3D view draws. */
export const ZCampusModel = ZCampusSummary.extend({
  buildings: z.array(ZBuilding),
  zones: z.array(ZZone),
  paths: z.array(ZPathSegment),
  devices: z.array(ZDevice),
});
export type CampusModel = z.infer<typeof ZCampusModel>;

export const ZCampusSize = z.enum(["small", "default", "large", "city"]);
export type CampusSize = z.infer<typeof ZCampusSize>;

export { ZPointM };

export const GATE_KINDS = ["main", "vehicle", "pedestrian", "side", "service"] as const;
export const ZGateKind = z.enum(GATE_KINDS);

/** An opening in the perimeter. `outwardDeg`: bearing (clockwise from north) pointing off campus. */
export const ZGate = z.object({
  id: z.string(),
  name: z.string(),
  kind: ZGateKind,
  position: ZPointM,
  outwardDeg: z.number(),
  widthM: z.number().positive(),
});
export type Gate = z.infer<typeof ZGate>;

/**
 * A campus before devices are placed: what the generator lays out and the OSM importer reads.
 * `server/campus/rules/` turns a site into zones and devices (REQUIREMENTS R-2), so generated
 * and imported campuses are equipped by the same rules.
 */
export const ZCampusSite = ZCampusSummary.extend({
  buildings: z.array(ZBuilding),
  zones: z.array(ZZone),
  paths: z.array(ZPathSegment),
  gates: z.array(ZGate),
});
export type CampusSite = z.infer<typeof ZCampusSite>;
