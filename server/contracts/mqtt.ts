import { z } from "zod";

// MQTT + JSON device payloads (DESIGN.md "Ingest", issue 4 "MQTT ingest"). Every payload is a
// versioned JSON object (`"v": 1`) discriminated by `type`. The topic names the campus, the
// device family and the device (see server/ingest/mqtt/README.md); the payload never repeats
// the device id, so a device authorised for its own topic cannot speak for another.
// Unknown fields are ignored (zod strips them), so firmware may add fields without breaking us.

export const MQTT_PAYLOAD_VERSION = 1;

/** Topic families: `campus/<campusId>/<family>/<deviceId>/<channel>`. */
export const MQTT_FAMILIES = ["access", "density", "patrol", "smoke", "electric"] as const;
export type MqttFamily = (typeof MQTT_FAMILIES)[number];

/** Device kinds (server/contracts/campus.ts) that speak each family. */
export const MQTT_FAMILY_DEVICE_KIND = {
  access: "access_door",
  density: "density_camera",
  patrol: "patrol_checkpoint",
  smoke: "smoke_sensor",
  electric: "electric_fire_sensor",
} as const satisfies Record<MqttFamily, string>;

/** Device clock; ISO-8601 with an offset (controllers usually send local time with offset). */
const ZDeviceTime = z.iso.datetime({ offset: true });

/**
 * Access-controller event codes. Access controllers report a major class and a minor code
 * (the common controller-SDK convention: major 1 alarm, 2 exception, 3 operation, 5 event);
 * the numbering below is CampusTwin's, modelled on that convention, and the table is the
 * contract a controller bridge maps its own codes onto.
 */
export const ACCESS_MAJOR = { alarm: 1, exception: 2, operation: 3, event: 5 } as const;
export const ACCESS_MINOR = {
  granted: 0x01, // valid credential, door released
  deniedNoRight: 0x06, // known card without right for this door / time
  deniedInvalidCard: 0x09, // unknown or revoked card
  doorOpen: 0x15,
  doorClosed: 0x16,
  forced: 0x17, // door opened without a release (forced open)
  heldOpen: 0x18, // door left open past the hold time
} as const;

export const ZAccessEvent = z.object({
  v: z.literal(MQTT_PAYLOAD_VERSION),
  type: z.literal("access.event"),
  time: ZDeviceTime,
  /** Controller event serial number (monotonic per controller); distinguishes equal events. */
  serialNo: z.number().int().nonnegative(),
  major: z.number().int().min(1).max(255),
  minor: z.number().int().min(0).max(0xffff),
  /** Door number on the controller (1-based). */
  doorNo: z.number().int().positive().default(1),
  cardReaderNo: z.number().int().positive().optional(),
  cardNo: z.string().max(32).optional(),
  /** Person id ("employee no") when the controller knows who the card belongs to. */
  employeeNo: z.string().max(64).optional(),
  direction: z.enum(["in", "out"]).optional(),
  verifyMode: z.enum(["card", "face", "fingerprint", "pin", "qr", "remote", "none"]).optional(),
});
export type AccessEvent = z.infer<typeof ZAccessEvent>;

export const ZDoorState = z.object({
  v: z.literal(MQTT_PAYLOAD_VERSION),
  type: z.literal("access.door_state"),
  time: ZDeviceTime,
  /** The device's running report number; makes equal readings distinct on the wire. */
  serialNo: z.number().int().nonnegative().optional(),
  doorNo: z.number().int().positive().default(1),
  state: z.enum(["open", "closed", "locked", "unlocked"]),
});
export type DoorState = z.infer<typeof ZDoorState>;

export const ZDensityCount = z.object({
  v: z.literal(MQTT_PAYLOAD_VERSION),
  type: z.literal("density.count"),
  time: ZDeviceTime,
  /** The device's running report number; makes equal readings distinct on the wire. */
  serialNo: z.number().int().nonnegative().optional(),
  /** Campus zone the camera counts (optional: defaults to the device's configured zone). */
  zoneId: z.string().max(64).optional(),
  count: z.number().int().nonnegative(),
  /** Counted floor area in m² (people/m² = count / areaM2). */
  areaM2: z.number().positive(),
  /** Line-crossing counters since the previous report (gates, stair landings). */
  inCount: z.number().int().nonnegative().optional(),
  outCount: z.number().int().nonnegative().optional(),
});
export type DensityCount = z.infer<typeof ZDensityCount>;

export const ZPatrolCheckin = z.object({
  v: z.literal(MQTT_PAYLOAD_VERSION),
  type: z.literal("patrol.checkin"),
  time: ZDeviceTime,
  /** The device's running report number; makes equal readings distinct on the wire. */
  serialNo: z.number().int().nonnegative().optional(),
  guardId: z.string().min(1).max(64),
  routeId: z.string().max(64).optional(),
  /** Position of this checkpoint in the route (1-based). */
  order: z.number().int().positive(),
  method: z.enum(["nfc", "qr", "ibutton"]).default("nfc"),
});
export type PatrolCheckin = z.infer<typeof ZPatrolCheckin>;

export const ZSmokeEvent = z.object({
  v: z.literal(MQTT_PAYLOAD_VERSION),
  type: z.literal("smoke.event"),
  time: ZDeviceTime,
  /** The device's running report number; makes equal readings distinct on the wire. */
  serialNo: z.number().int().nonnegative().optional(),
  state: z.enum(["alarm", "fault", "normal", "test"]),
  /** Optical obscuration, %/m (EN 54-7 style reading), when the detector reports it. */
  obscurationPctPerM: z.number().nonnegative().optional(),
  faultCode: z.string().max(32).optional(),
  batteryPct: z.number().min(0).max(100).optional(),
});
export type SmokeEvent = z.infer<typeof ZSmokeEvent>;

/** GB 14287.2/.3 monitors: residual current (mA) and cable temperature (°C) per channel. */
export const ZElectricReading = z.object({
  v: z.literal(MQTT_PAYLOAD_VERSION),
  type: z.literal("electric.reading"),
  time: ZDeviceTime,
  /** The device's running report number; makes equal readings distinct on the wire. */
  serialNo: z.number().int().nonnegative().optional(),
  channel: z.number().int().positive().default(1),
  residualCurrentMa: z.number().nonnegative(),
  temperatureC: z.number().min(-40).max(300),
  /** The monitor's own verdict; absent → the ingest applies the thresholds below. */
  alarm: z.enum(["none", "residual_current", "temperature", "fault"]).optional(),
});
export type ElectricReading = z.infer<typeof ZElectricReading>;

/** Default alarm thresholds (GB 14287.2: residual current settable 20–1000 mA; GB 14287.3: 45–140 °C). */
export const ELECTRIC_ALARM_DEFAULTS = { residualCurrentMa: 300, temperatureC: 80 } as const;

/** Any family: health report, and the last-will message the broker publishes on a lost device. */
export const ZDeviceStatusMsg = z.object({
  v: z.literal(MQTT_PAYLOAD_VERSION),
  type: z.literal("device.status"),
  time: ZDeviceTime,
  /** The device's running report number; makes equal readings distinct on the wire. */
  serialNo: z.number().int().nonnegative().optional(),
  status: z.enum(["online", "offline", "fault"]),
  faultCode: z.string().max(32).optional(),
  detail: z.string().max(256).optional(),
});
export type DeviceStatusMsg = z.infer<typeof ZDeviceStatusMsg>;

export const ZMqttPayload = z.discriminatedUnion("type", [
  ZAccessEvent, ZDoorState, ZDensityCount, ZPatrolCheckin, ZSmokeEvent, ZElectricReading, ZDeviceStatusMsg,
]);
export type MqttPayload = z.infer<typeof ZMqttPayload>;
export type MqttPayloadInput = z.input<typeof ZMqttPayload>;

/** Which payload types each family may publish (device.status: all of them). */
export const MQTT_FAMILY_TYPES: Record<MqttFamily, readonly MqttPayload["type"][]> = {
  access: ["access.event", "access.door_state", "device.status"],
  density: ["density.count", "device.status"],
  patrol: ["patrol.checkin", "device.status"],
  smoke: ["smoke.event", "device.status"],
  electric: ["electric.reading", "device.status"],
};

/** The channel (last topic level) a payload type is published on. */
export const MQTT_CHANNEL: Record<MqttPayload["type"], string> = {
  "access.event": "event",
  "access.door_state": "state",
  "density.count": "count",
  "patrol.checkin": "checkin",
  "smoke.event": "event",
  "electric.reading": "reading",
  "device.status": "status",
};

export function mqttTopic(campusId: string, family: MqttFamily, deviceId: string, type: MqttPayload["type"]): string {
  return `campus/${campusId}/${family}/${deviceId}/${MQTT_CHANNEL[type]}`;
}

/** The family a campus device kind publishes under, or null for non-MQTT kinds. */
export function mqttFamilyOfKind(kind: string): MqttFamily | null {
  for (const f of MQTT_FAMILIES) if (MQTT_FAMILY_DEVICE_KIND[f] === kind) return f;
  return null;
}
