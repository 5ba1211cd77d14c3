import { createHash } from "node:crypto";
import type { z } from "zod";
import { SEVERITY, type NewCampusEvent } from "../../contracts/event";
import {
  GAT_STATUS, parseGatTime, ZFaceObject, ZMotorVehicleObject,
  type FaceObject, type GatStatusCode, type MotorVehicleObject,
} from "../../contracts/gat1400";
import type { Db } from "../../store/db";
import { PICTURE_RETENTION_CLASS, type ImageStore } from "../../store/images";
import type { CameraRef } from "./directory";
import { BadImageError, decodeSubImages, storeImages, type DecodedImage, type EventImage } from "./sub-images";
import {
  lookupPersonsByFaceId, lookupVehicles, normalisePlate, personOf, vehicleOf, type SubjectRef,
} from "./subjects";

// One batch of MotorVehicle or Face objects → per-object verdicts and canonical events.
// Each object is judged alone (GA/T 1400.4 answers one ResponseStatusObject per object), so a
// bad one is refused without touching its neighbours. Event ids derive from (DeviceID, record
// id or pass time, plate / face id): a re-posted batch maps to the same ids and is stored once.

export type RecordKind = "vehicle" | "face";

export interface RecordVerdict {
  index: number;
  /** The record id the ResponseStatusObject echoes. */
  statusId: string;
  raw: unknown;
  error: { code: GatStatusCode; reason: string } | null;
  events: NewCampusEvent[];
}

export interface BatchContext {
  db: Db;
  images: ImageStore;
  uploaderId: string;
  findCamera(externalId: string): Promise<CameraRef | null>;
  utcOffsetMin: number;
  now: Date;
}

interface Accepted<T> {
  verdict: RecordVerdict;
  obj: T;
  camera: CameraRef;
  decoded: DecodedImage[];
}

export async function judgeBatch(kind: RecordKind, raws: readonly unknown[], ctx: BatchContext): Promise<RecordVerdict[]> {
  return kind === "vehicle" ? judgeVehicles(raws, ctx) : judgeFaces(raws, ctx);
}

async function judgeVehicles(raws: readonly unknown[], ctx: BatchContext): Promise<RecordVerdict[]> {
  const { verdicts, accepted } = await judgeEach(raws, ZMotorVehicleObject, ctx, (o) => o.MotorVehicleID, "MotorVehicleID");
  const wanted = groupBy(accepted, (a) => a.camera.campusId, (a) => [a.obj.PlateNo]);
  const vehicles = await lookupVehicles(ctx.db, wanted);
  await Promise.all(accepted.map(async (a) => {
    const images = await storePictures(a, ctx);
    if (!images) return;
    a.verdict.events = vehicleEvents(a.obj, a.camera, images, vehicleOf(vehicles, a.camera.campusId, a.obj.PlateNo), ctx);
  }));
  return verdicts;
}

async function judgeFaces(raws: readonly unknown[], ctx: BatchContext): Promise<RecordVerdict[]> {
  const { verdicts, accepted } = await judgeEach(raws, ZFaceObject, ctx, (o) => o.FaceID, "FaceID");
  const wanted = groupBy(accepted, (a) => a.camera.campusId, (a) => matchesOf(a.obj).map((m) => m.FaceID));
  const persons = await lookupPersonsByFaceId(ctx.db, wanted);
  await Promise.all(accepted.map(async (a) => {
    const images = await storePictures(a, ctx);
    if (!images) return;
    a.verdict.events = faceEvents(a.obj, a.camera, images, (id) => personOf(persons, a.camera.campusId, id), ctx);
  }));
  return verdicts;
}

async function judgeEach<S extends typeof ZMotorVehicleObject | typeof ZFaceObject>(
  raws: readonly unknown[], schema: S, ctx: BatchContext,
  idOf: (o: z.infer<S>) => string | undefined, idField: string,
): Promise<{ verdicts: RecordVerdict[]; accepted: Accepted<z.infer<S>>[] }> {
  const verdicts: RecordVerdict[] = [];
  const accepted: Accepted<z.infer<S>>[] = [];
  const cameras = new Map<string, CameraRef | null>(); // one directory lookup per DeviceID per batch
  for (const [index, raw] of raws.entries()) {
    const rawId = raw && typeof raw === "object" && idField in raw ? String((raw as Record<string, unknown>)[idField]) : String(index);
    const verdict: RecordVerdict = { index, statusId: rawId, raw, error: null, events: [] };
    verdicts.push(verdict);
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      verdict.error = { code: GAT_STATUS.invalidJsonContent, reason: `invalid_object: ${issue?.path.join(".")} ${issue?.message}` };
      continue;
    }
    const obj = parsed.data as z.infer<S>;
    verdict.statusId = idOf(obj) ?? rawId;
    const deviceId = obj.DeviceID ?? ctx.uploaderId;
    let camera = cameras.get(deviceId);
    if (camera === undefined) cameras.set(deviceId, (camera = await ctx.findCamera(deviceId)));
    if (!camera) {
      verdict.error = { code: GAT_STATUS.invalidOperation, reason: `unknown_device: ${deviceId}` };
      continue;
    }
    const badTime = timesOf(obj).find((t) => parseGatTime(t, ctx.utcOffsetMin) === null);
    if (badTime !== undefined) {
      verdict.error = { code: GAT_STATUS.invalidJsonContent, reason: `invalid_time: ${badTime}` };
      continue;
    }
    try {
      accepted.push({ verdict, obj, camera, decoded: decodeSubImages(obj.SubImageList?.SubImageInfoObject) });
    } catch (err) {
      if (!(err instanceof BadImageError)) throw err;
      verdict.error = { code: GAT_STATUS.invalidJsonContent, reason: `not_an_image: ${err.message}` };
    }
  }
  return { verdicts, accepted };
}

async function storePictures<T>(a: Accepted<T>, ctx: BatchContext): Promise<EventImage[] | null> {
  try {
    return await storeImages(ctx.images, a.decoded, PICTURE_RETENTION_CLASS);
  } catch (err) {
    a.verdict.error = { code: GAT_STATUS.deviceError, reason: `image_store: ${err instanceof Error ? err.message : String(err)}` };
    return null;
  }
}

function timesOf(o: MotorVehicleObject | FaceObject): string[] {
  const t = "PassTime" in o ? [o.PassTime] : [(o as FaceObject).ShotTime, (o as FaceObject).FaceAppearTime];
  return t.filter((x): x is string => x !== undefined);
}

function groupBy<T>(items: readonly T[], keyOf: (t: T) => string, valuesOf: (t: T) => string[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const it of items) {
    const k = keyOf(it);
    const set = out.get(k) ?? new Set<string>();
    for (const v of valuesOf(it)) set.add(v);
    out.set(k, set);
  }
  return out;
}

const shortHash = (v: unknown) => createHash("sha1").update(JSON.stringify(v)).digest("hex").slice(0, 16);
const at = (text: string | undefined, ctx: BatchContext) => (text ? parseGatTime(text, ctx.utcOffsetMin) : null) ?? ctx.now;

function baseEvent(camera: CameraRef, occurredAt: Date, rawRef: string) {
  return {
    campusId: camera.campusId,
    occurredAt,
    deviceId: camera.id,
    location: { xM: camera.xM, yM: camera.yM, floor: camera.floor },
    source: { protocol: "gat1400" as const, rawRef },
  };
}

export function vehicleEvents(
  v: MotorVehicleObject, camera: CameraRef, images: EventImage[], known: SubjectRef | null, ctx: BatchContext,
): NewCampusEvent[] {
  const plate = normalisePlate(v.PlateNo);
  const recordKey = v.MotorVehicleID ?? v.PassTime ?? `h${shortHash({ ...v, SubImageList: undefined })}`;
  const id = `gat1400:lpr:${camera.externalId}:${recordKey}:${plate}`;
  const base = baseEvent(camera, at(v.PassTime, ctx), `gat1400:MotorVehicle=${v.MotorVehicleID ?? recordKey}`);
  const subject = { type: "vehicle" as const, ref: known?.id ?? null, plate: v.PlateNo };
  const data = {
    plateNo: v.PlateNo, plateColor: v.PlateColor ?? null, plateClass: v.PlateClass ?? null,
    vehicleClass: v.VehicleClass ?? null, vehicleBrand: v.VehicleBrand ?? null, vehicleColor: v.VehicleColor ?? null,
    laneNo: v.LaneNo ?? null, direction: v.Direction ?? null, speedKmh: v.Speed ?? null,
    recordId: v.MotorVehicleID ?? null, tollgateId: v.TollgateID ?? null, images,
  };
  const events: NewCampusEvent[] = [{ ...base, id, kind: "lpr.read", severity: SEVERITY.info, subject, data }];
  if (known?.watchlist) {
    events.push({ ...base, id: `${id}:hit`, kind: "vehicle.watchlist_hit", severity: SEVERITY.high, subject, data: { ...data, readEventId: id } });
  }
  return events;
}

function matchesOf(f: FaceObject) {
  return f.CompareResultList?.CompareResultObject ?? [];
}

export function faceEvents(
  f: FaceObject, camera: CameraRef, images: EventImage[], personFor: (faceId: string) => SubjectRef | null, ctx: BatchContext,
): NewCampusEvent[] {
  const id = `gat1400:face:${camera.externalId}:${f.FaceID}`;
  const base = baseEvent(camera, at(f.ShotTime ?? f.FaceAppearTime, ctx), `gat1400:Face=${f.FaceID}`);
  const matches = matchesOf(f).map((m) => ({
    faceId: m.FaceID,
    // Devices send 0..1 or percent; the event always carries 0..1.
    similarity: m.Similarity === undefined ? null : m.Similarity > 1 ? m.Similarity / 100 : m.Similarity,
    libraryId: m.LibraryID ?? null,
    person: personFor(m.FaceID),
  }));
  const identified = matches.find((m) => m.person) ?? null;
  const subject = { type: "person" as const, ref: identified?.person?.id ?? null, plate: null };
  const facePosition = f.LeftTopX !== undefined && f.LeftTopY !== undefined && f.RightBtmX !== undefined && f.RightBtmY !== undefined
    ? { leftTopX: f.LeftTopX, leftTopY: f.LeftTopY, rightBtmX: f.RightBtmX, rightBtmY: f.RightBtmY } : null;
  const data = {
    faceId: f.FaceID, location: f.Location ?? null, facePosition, genderCode: f.GenderCode ?? null, images,
    matches: matches.map((m) => ({ faceId: m.faceId, similarity: m.similarity, libraryId: m.libraryId, personId: m.person?.id ?? null })),
  };
  const events: NewCampusEvent[] = [{ ...base, id, kind: "face.capture", severity: SEVERITY.info, subject, data }];
  for (const m of matches) {
    if (!m.person?.watchlist) continue;
    events.push({
      ...base, id: `${id}:hit:${m.faceId}`, kind: "face.watchlist_hit", severity: SEVERITY.high,
      subject: { type: "person", ref: m.person.id, plate: null },
      data: { ...data, matchedFaceId: m.faceId, similarity: m.similarity, captureEventId: id },
    });
  }
  return events;
}
