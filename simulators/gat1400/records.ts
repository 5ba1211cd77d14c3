import { formatGatTime } from "../../server/contracts/gat1400";
import { capturePicture } from "./jpeg";

// Builders for the wire objects an LPR or face-capture camera posts (GA/T 1400.3 field names).
// Deterministic given the seed and sequence number, so a scenario replays the same captures.

const PROVINCES = ["沪", "京", "苏", "浙", "粤", "川", "鄂", "湘"];
const LETTERS = [..."ABCDEFGHJKLMNPQRSTUVWXYZ"]; // plates skip I and O
const BRANDS = ["1", "2", "3", "5", "8", "13", "21"]; // vendor brand codes
const COLORS = ["1", "2", "3", "5", "6", "9"]; // GA/T 1400 ColorType: black white grey blue yellow green…

export interface RecordOptions {
  deviceId: string;
  seq: number;
  at: Date;
  utcOffsetMin?: number;
  /** Inline pictures (base64 JPEG); off for throughput runs (issue #4: "images excluded"). */
  images?: boolean;
}

function pick<T>(list: readonly T[], n: number): T {
  return list[Math.abs(n) % list.length]!;
}

function mix(seed: number): number {
  let x = seed >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

/** A plausible plate for sequence number `n` (e.g. "沪A3K728"). */
export function plateFor(n: number): string {
  const h = mix(n + 1);
  const tail = (h % 100000).toString(36).toUpperCase().padStart(5, "0").slice(-5).replace(/[IO]/g, "8");
  return `${pick(PROVINCES, h >>> 20)}${pick(LETTERS, h >>> 8)}${tail}`;
}

/** GA/T 1400.1 style 48-char record id: DeviceID + type code + time + sequence. */
export function recordId(deviceId: string, typeCode: string, at: Date, seq: number, utcOffsetMin = 480): string {
  return `${deviceId}${typeCode}${formatGatTime(at, utcOffsetMin)}${String(seq % 100000).padStart(5, "0")}`.padEnd(48, "0").slice(0, 48);
}

function subImage(type: string, seed: number, comment: string, cols: number, rows: number, shotTime: string) {
  const jpeg = capturePicture(seed, comment, cols, rows);
  return { Type: type, FileFormat: "Jpeg", ShotTime: shotTime, Width: cols * 8, Height: rows * 8, Data: jpeg.toString("base64") };
}

export function vehicleRecord(o: RecordOptions & { plate?: string; laneNo?: number; direction?: string }): Record<string, unknown> {
  const time = formatGatTime(o.at, o.utcOffsetMin);
  const id = recordId(o.deviceId, "02", o.at, o.seq, o.utcOffsetMin);
  const h = mix(o.seq * 7 + 3);
  const plate = o.plate ?? plateFor(o.seq + mix(o.deviceId.length));
  return {
    MotorVehicleID: id,
    InfoKind: 1, // 1 = automatically captured
    DeviceID: o.deviceId,
    PlateNo: plate,
    PlateColor: pick(["5", "5", "5", "6", "9"], h),
    PlateClass: "02",
    VehicleClass: pick(["K33", "K33", "K31", "H21", "K11"], h >>> 3),
    VehicleBrand: pick(BRANDS, h >>> 6),
    VehicleColor: pick(COLORS, h >>> 9),
    PassTime: time,
    LaneNo: o.laneNo ?? 1 + (h % 2),
    Direction: o.direction ?? pick(["1", "2"], h >>> 12),
    Speed: 5 + (h % 20),
    ...(o.images === false ? {} : {
      SubImageList: { SubImageInfoObject: [subImage("01", h, `vehicle ${id}`, 8, 6, time), subImage("02", h ^ 0x5a5a, `plate ${plate}`, 4, 1, time)] },
    }),
  };
}

export function faceRecord(o: RecordOptions & { match?: { faceId: string; similarity: number } }): Record<string, unknown> {
  const time = formatGatTime(o.at, o.utcOffsetMin);
  const id = recordId(o.deviceId, "06", o.at, o.seq, o.utcOffsetMin);
  const h = mix(o.seq * 13 + 5);
  const x = 200 + (h % 800);
  const y = 150 + ((h >>> 10) % 400);
  return {
    FaceID: id,
    InfoKind: 1,
    DeviceID: o.deviceId,
    ShotTime: time,
    FaceAppearTime: time,
    LeftTopX: x, LeftTopY: y, RightBtmX: x + 96, RightBtmY: y + 120,
    GenderCode: pick(["1", "2"], h >>> 4),
    ...(o.match ? { CompareResultList: { CompareResultObject: [{ FaceID: o.match.faceId, Similarity: o.match.similarity, LibraryID: "watchlist" }] } } : {}),
    ...(o.images === false ? {} : {
      SubImageList: { SubImageInfoObject: [subImage("11", h, `face ${id}`, 4, 5, time), subImage("14", h ^ 0x3c3c, `scene ${id}`, 8, 6, time)] },
    }),
  };
}

export type BadKind = "not_an_image" | "missing_plate" | "bad_time";

/** A deliberately broken object, for fault scenarios and conformance tests. */
export function badRecord(kind: "lpr" | "face", bad: BadKind, o: RecordOptions): Record<string, unknown> {
  const good = kind === "lpr" ? vehicleRecord({ ...o, images: true }) : faceRecord({ ...o, images: true });
  if (bad === "not_an_image") {
    return { ...good, SubImageList: { SubImageInfoObject: [{ Type: "01", FileFormat: "Jpeg", Data: Buffer.from("this is not a picture at all").toString("base64") }] } };
  }
  if (bad === "bad_time") return kind === "lpr" ? { ...good, PassTime: "20261399250000" } : { ...good, ShotTime: "20261399250000" };
  const copy = { ...good };
  delete copy[kind === "lpr" ? "PlateNo" : "FaceID"];
  return copy;
}
