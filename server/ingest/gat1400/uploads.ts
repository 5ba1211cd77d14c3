import { GAT_STATUS, ZFaceListEnvelope, ZMotorVehicleListEnvelope, type ResponseStatusObject } from "../../contracts/gat1400";
import { deadLetter, refuse, type Exchange, type Gat1400Context } from "./context";
import { sendJson, status, STATUS_TEXT } from "./http-io";
import { judgeBatch, type RecordKind, type RecordVerdict } from "./records";
import { identify, parseJson } from "./system";

// POST /VIID/MotorVehicles and POST /VIID/Faces (GA/T 1400.4 §6.3, §6.4): a list of objects in,
// a ResponseStatusListObject out with one status per object, sent only after the accepted
// objects' events are committed — so a device that hears "0" may forget the record, and one
// that hears nothing (timeout, 5xx) re-posts it, which the deterministic event ids make harmless.

export async function handleRecords(ctx: Gat1400Context, ex: Exchange, body: Buffer, kind: RecordKind): Promise<void> {
  const session = await identify(ctx, ex, body);
  if (!session) return;
  const json = await parseJson(ctx, ex, body);
  if (json === undefined) return;
  const list = kind === "vehicle" ? listOfVehicles(json) : listOfFaces(json);
  if (!list) {
    const envelope = kind === "vehicle" ? "MotorVehicleListObject.MotorVehicleObject" : "FaceListObject.FaceObject";
    return refuse(ctx, ex, 400, GAT_STATUS.invalidJsonContent, `invalid_envelope: ${envelope}[] required`, body);
  }
  const now = ctx.now();
  const verdicts = await judgeBatch(kind, list, {
    db: ctx.deps.db,
    images: ctx.images,
    uploaderId: session.camera.externalId,
    findCamera: (id) => ctx.directory.find(id),
    utcOffsetMin: ctx.utcOffsetMin,
    now,
  });
  await commit(ctx, verdicts, kind);
  await Promise.all(verdicts.filter((v) => v.error).map((v) =>
    deadLetter(ctx, ex.remote, `${v.error!.reason} [${ex.path} object ${v.index}]`, JSON.stringify(v.raw) ?? "undefined")));
  const statuses: ResponseStatusObject[] = verdicts.map((v) => v.error
    ? status(v.statusId, ex.path, v.error.code, `${STATUS_TEXT[v.error.code]}: ${v.error.reason}`, now, ctx.utcOffsetMin)
    : status(v.statusId, ex.path, GAT_STATUS.ok, STATUS_TEXT[GAT_STATUS.ok], now, ctx.utcOffsetMin));
  sendJson(ex.res, 200, { ResponseStatusListObject: { ResponseStatusObject: statuses } });
}

function listOfVehicles(json: unknown): unknown[] | null {
  const env = ZMotorVehicleListEnvelope.safeParse(json);
  return env.success ? env.data.MotorVehicleListObject.MotorVehicleObject : null;
}

function listOfFaces(json: unknown): unknown[] | null {
  const env = ZFaceListEnvelope.safeParse(json);
  return env.success ? env.data.FaceListObject.FaceObject : null;
}

/** Appends the accepted objects' events in one group commit; on failure every one of them
 *  answers "device error" so the device re-posts it. */
async function commit(ctx: Gat1400Context, verdicts: RecordVerdict[], kind: RecordKind): Promise<void> {
  const accepted = verdicts.filter((v) => !v.error);
  const events = accepted.flatMap((v) => v.events);
  let duplicates = new Set<string>();
  try {
    const result = await ctx.deps.events.append(events);
    duplicates = new Set(result.duplicates);
  } catch (err) {
    ctx.deps.logger.error("gat1400 commit failed", { kind, records: accepted.length, error: String(err) });
    for (const v of accepted) v.error = { code: GAT_STATUS.deviceError, reason: "commit_failed: retry later" };
  }
  for (const v of verdicts) {
    if (v.error) {
      ctx.metrics.records.inc({ kind, result: "refused" });
      ctx.metrics.refused.inc({ reason: v.error.reason.split(":")[0]! });
      continue;
    }
    const primary = v.events[0];
    ctx.metrics.records.inc({ kind, result: primary && duplicates.has(primary.id) ? "duplicate" : "stored" });
    const images = primary?.data && Array.isArray(primary.data.images) ? primary.data.images.length : 0;
    if (images) ctx.metrics.images.inc({ kind }, images);
  }
}
