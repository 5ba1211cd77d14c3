import { createHash } from "node:crypto";
import type { NewCampusEvent } from "../../contracts/event";
import { alarmKind, alarmSeverity } from "./alarm-map";
import type { DeviceSession, PlatformContext } from "./context";
import { parseGbDateTime } from "./gb-time";
import { alarmNotify, isManscdpContentType, ManscdpError, parseManscdp, text0, type ManscdpDoc } from "./manscdp";
import { header, parseNameAddr, type SipMessage } from "./sip-message";
import type { SipRemote } from "./transport";

// MESSAGE from a device (GB/T 28181-2016 §9.3 keepalive, §9.4 alarm, §9.5 query answers):
// MANSCDP XML, answered 200 once its effect is committed, 404 when the device has not
// registered (it then registers again, as devices do), 415 for another content type,
// 400 for XML that cannot be read.

export interface QueryAnswers {
  /** Feeds a Response; false when no query of ours is waiting for it. */
  onResponse(session: DeviceSession, doc: ManscdpDoc): Promise<boolean>;
}

export async function handleMessage(ctx: PlatformContext, req: SipMessage, remote: SipRemote, raw: Buffer, answers: QueryAnswers): Promise<void> {
  const contentType = header(req, "Content-Type");
  if (!isManscdpContentType(contentType)) {
    ctx.refuse(req, 415, remote, `unsupported_content_type: "${contentType ?? ""}"`, raw);
    return;
  }
  let doc: ManscdpDoc;
  try {
    doc = parseManscdp(req.body, contentType);
  } catch (err) {
    if (!(err instanceof ManscdpError)) throw err;
    ctx.refuse(req, 400, remote, `${err.reason}: ${err.message}`, raw);
    return;
  }
  const gbId = parseNameAddr(header(req, "From") ?? "").user ?? doc.deviceId;
  const session = ctx.sessions.get(gbId);
  if (!session?.registered) {
    ctx.refuse(req, 404, remote, `unknown_device: ${gbId} is not registered`, raw);
    return;
  }
  await ctx.serial(gbId, async () => {
    session.lastSeenMs = ctx.nowMs();
    session.remote = remote;
    await dispatch(ctx, req, remote, raw, session, doc, answers);
  });
}

async function dispatch(
  ctx: PlatformContext, req: SipMessage, remote: SipRemote, raw: Buffer, session: DeviceSession, doc: ManscdpDoc, answers: QueryAnswers,
): Promise<void> {
  if (doc.root === "Notify" && doc.cmdType === "Keepalive") {
    if (!session.online) await ctx.setOnline(session, true, "keepalive");
    ctx.respond(req, 200, remote);
    return;
  }
  if (doc.root === "Notify" && doc.cmdType === "Alarm") {
    await recordAlarm(ctx, req, session, doc);
    ctx.respond(req, 200, remote);
    return;
  }
  if (doc.root === "Response") {
    if (doc.cmdType === "Catalog" && !/^\d{1,6}$/.test(text0(doc.fields.SumNum))) {
      ctx.refuse(req, 400, remote, "bad_manscdp: Catalog response without a numeric SumNum", raw);
      return;
    }
    // Answer first: a device sends the next Catalog page only after this one's 200.
    ctx.respond(req, 200, remote);
    if (!(await answers.onResponse(session, doc))) ctx.deps.logger.debug("gb28181 unsolicited response", { gbId: session.gbId, cmdType: doc.cmdType });
    return;
  }
  if (doc.root === "Notify") {
    // MediaStatus, MobilePosition … are valid notifies this platform does not use yet.
    ctx.metrics.requests.inc({ method: `Notify/${doc.cmdType}`, transport: remote.transport });
    ctx.respond(req, 200, remote);
    return;
  }
  ctx.refuse(req, 405, remote, `unsupported_manscdp: ${doc.root}/${doc.cmdType} is not accepted by a platform`, raw);
}

/** Alarm notify → one event, id derived from the message so a UDP retransmission is stored once. */
async function recordAlarm(ctx: PlatformContext, req: SipMessage, session: DeviceSession, doc: ManscdpDoc): Promise<void> {
  const alarm = alarmNotify(doc);
  const kind = alarmKind(alarm);
  // The alarm's DeviceID is the channel that raised it (an NVR reports per channel).
  const row = (await ctx.registry.find(doc.deviceId)) ?? (await ctx.registry.find(session.gbId));
  const campusId = row?.campusId ?? (await ctx.registry.campusFor(session.gbId));
  if (!campusId) throw new Error(`No campus for GB/T 28181 device ${session.gbId}`);
  const id = createHash("sha1")
    .update([session.gbId, header(req, "Call-ID"), header(req, "CSeq"), doc.sn, alarm.time].join("|"))
    .digest("hex").slice(0, 24);
  const occurredAt = (alarm.time ? parseGbDateTime(alarm.time, ctx.opts.timeZone) : null) ?? new Date(ctx.nowMs());
  const event: NewCampusEvent = {
    id: `gb28181-alarm-${id}`, campusId, kind, severity: alarmSeverity(alarm.priority), occurredAt,
    deviceId: row?.id ?? null,
    location: row ? { xM: row.xM, yM: row.yM, floor: row.floor } : null,
    source: { protocol: "gb28181", rawRef: `gb28181:${session.gbId}:sn=${doc.sn}` },
    data: {
      gbDeviceId: session.gbId, channelId: doc.deviceId, alarmPriority: alarm.priority, alarmMethod: alarm.method,
      alarmType: alarm.type, description: alarm.description, longitudeDeg: alarm.longitudeDeg, latitudeDeg: alarm.latitudeDeg,
    },
  };
  await ctx.deps.events.append([event]);
  ctx.metrics.alarms.inc({ kind });
}
