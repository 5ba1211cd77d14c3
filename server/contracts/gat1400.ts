import { z } from "zod";

// GA/T 1400 (公安视频图像信息应用系统, the public-security "view library") wire objects, as
// JSON over HTTP (GA/T 1400.4 §5, §6). Shared by the ingest server and the simulators.
// Parsing is lenient the way real devices need: unknown fields are dropped (zod strips),
// and numeric codes arrive as either strings or numbers depending on the vendor
// (StatusCode, PlateColor, LaneNo, …), so both are accepted wherever the other side sends them.

/** A code the device may send as "5" or 5; normalised to a trimmed string. */
export const ZCode = z.union([z.string(), z.number()]).transform((v) => String(v).trim());
/** An integer the device may send as "2" or 2. */
export const ZIntLike = z.union([z.number().int(), z.string().trim().regex(/^-?\d+$/)]).transform((v) => Number(v));
/** A number the device may send as "0.93" or 0.93. */
export const ZNumLike = z.union([z.number(), z.string().trim().regex(/^-?\d+(\.\d+)?$/)]).transform((v) => Number(v));
/** GA/T 1400 DateTime: `yyyyMMddHHmmss`, local time of the device (China: UTC+8). */
export const ZGatTime = z.string().trim().regex(/^\d{14}$/, "must be yyyyMMddHHmmss");

// GA/T 1400.4 Annex A (StatusCode): the codes a ResponseStatusObject carries.
export const GAT_STATUS = {
  ok: 0,
  otherError: 1,
  deviceBusy: 2,
  deviceError: 3,
  invalidOperation: 4,
  invalidXmlFormat: 5,
  invalidXmlContent: 6,
  invalidJsonFormat: 7,
  invalidJsonContent: 8,
  reboot: 9,
} as const;
export type GatStatusCode = (typeof GAT_STATUS)[keyof typeof GAT_STATUS];

export const ZResponseStatusObject = z.object({
  Id: z.string().default(""),
  RequestURL: z.string().default(""),
  StatusCode: ZIntLike,
  StatusString: z.string().default(""),
  LocalTime: z.string().optional(),
});
export type ResponseStatusObject = z.infer<typeof ZResponseStatusObject>;

export const ZResponseStatusEnvelope = z.object({ ResponseStatusObject: ZResponseStatusObject });
export const ZResponseStatusListEnvelope = z.object({
  ResponseStatusListObject: z.object({ ResponseStatusObject: z.array(ZResponseStatusObject) }),
});

const ZDeviceId = z.string().trim().min(1).max(64);

export const ZRegisterEnvelope = z.object({ RegisterObject: z.object({ DeviceID: ZDeviceId }) });
export const ZKeepaliveEnvelope = z.object({ KeepaliveObject: z.object({ DeviceID: ZDeviceId }) });
export const ZUnRegisterEnvelope = z.object({ UnRegisterObject: z.object({ DeviceID: ZDeviceId }) });

export const ZSystemTimeObject = z.object({
  VIIDServerID: z.string(),
  /** 1 = NTP, 2 = manual (GA/T 1400.4 TimeMode). */
  TimeMode: ZCode,
  LocalTime: ZGatTime,
  TimeZone: z.string(),
});
export type SystemTimeObject = z.infer<typeof ZSystemTimeObject>;

/** GA/T 1400.3 SubImageInfo: one picture of a record, inline as base64 in `Data`. */
export const ZSubImageInfo = z.object({
  ImageID: z.string().optional(),
  /** ImageType: 01 vehicle, 02 plate, 11 face, 14 scene, … */
  Type: ZCode.optional(),
  FileFormat: z.string().trim().optional(),
  ShotTime: ZGatTime.optional(),
  Width: ZIntLike.optional(),
  Height: ZIntLike.optional(),
  StoragePath: z.string().optional(),
  Data: z.string().optional(),
});
export type SubImageInfo = z.infer<typeof ZSubImageInfo>;

export const ZSubImageList = z.object({ SubImageInfoObject: z.array(ZSubImageInfo).max(16) });

/** GA/T 1400.3 MotorVehicle (机动车), the fields CampusTwin uses; the rest are ignored. */
export const ZMotorVehicleObject = z.object({
  MotorVehicleID: z.string().trim().min(1).max(64).optional(),
  DeviceID: ZDeviceId.optional(),
  TollgateID: z.string().optional(),
  PlateNo: z.string().trim().min(1).max(32),
  PlateColor: ZCode.optional(),
  PlateClass: ZCode.optional(),
  VehicleClass: ZCode.optional(),
  VehicleBrand: ZCode.optional(),
  VehicleColor: ZCode.optional(),
  PassTime: ZGatTime.optional(),
  LaneNo: ZIntLike.optional(),
  Direction: ZCode.optional(),
  Speed: ZNumLike.optional(),
  SubImageList: ZSubImageList.optional(),
});
export type MotorVehicleObject = z.infer<typeof ZMotorVehicleObject>;

/** A device-side comparison against a watchlist library (CampusTwin's reading of the
 *  vendor "compare result" extension): the library face id it matched and how closely. */
export const ZCompareResult = z.object({
  FaceID: z.string().trim().min(1),
  /** 0..1, or 0..100 (percent) from devices that send percentages. */
  Similarity: ZNumLike.optional(),
  LibraryID: z.string().optional(),
  Name: z.string().optional(),
});
export type CompareResult = z.infer<typeof ZCompareResult>;

/** GA/T 1400.3 Face (人脸), the fields CampusTwin uses. */
export const ZFaceObject = z.object({
  FaceID: z.string().trim().min(1).max(64),
  DeviceID: ZDeviceId.optional(),
  ShotTime: ZGatTime.optional(),
  FaceAppearTime: ZGatTime.optional(),
  LocationMarkTime: ZGatTime.optional(),
  LeftTopX: ZIntLike.optional(),
  LeftTopY: ZIntLike.optional(),
  RightBtmX: ZIntLike.optional(),
  RightBtmY: ZIntLike.optional(),
  /** Free-text place of capture as the device names it (GA/T 1400.3 `LocationDescription`-like). */
  Location: z.string().optional(),
  GenderCode: ZCode.optional(),
  CompareResultList: z.object({ CompareResultObject: z.array(ZCompareResult).max(32) }).optional(),
  SubImageList: ZSubImageList.optional(),
});
export type FaceObject = z.infer<typeof ZFaceObject>;

/** Envelopes are checked loosely (an array of anything) so each object is judged on its own. */
export const ZMotorVehicleListEnvelope = z.object({
  MotorVehicleListObject: z.object({ MotorVehicleObject: z.array(z.unknown()).min(1) }),
});
export const ZFaceListEnvelope = z.object({
  FaceListObject: z.object({ FaceObject: z.array(z.unknown()).min(1) }),
});

/** Formats a UTC instant as GA/T 1400 local time `yyyyMMddHHmmss` at `utcOffsetMin`. */
export function formatGatTime(at: Date, utcOffsetMin = 480): string {
  const d = new Date(at.getTime() + utcOffsetMin * 60_000);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

/** Parses `yyyyMMddHHmmss` (device-local at `utcOffsetMin`) to a UTC Date; null if impossible. */
export function parseGatTime(text: string, utcOffsetMin = 480): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(ms);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  return new Date(ms - utcOffsetMin * 60_000);
}
