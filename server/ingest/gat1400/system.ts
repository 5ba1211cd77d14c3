import {
  formatGatTime, GAT_STATUS, ZKeepaliveEnvelope, ZRegisterEnvelope, ZUnRegisterEnvelope,
} from "../../contracts/gat1400";
import { emitLiveness, ok, refuse, type Exchange, type Gat1400Context } from "./context";
import { sendJson, status } from "./http-io";
import type { Session } from "./sessions";

// GA/T 1400.4 §6.1 system interfaces: Register (digest challenge/response), Keepalive,
// UnRegister and Time. Every other request names its device in `User-Identify` and is
// refused (401) unless that device is registered.

/** Parses a JSON body; on failure answers 400 (StatusCode 7) and returns undefined. */
export async function parseJson(ctx: Gat1400Context, ex: Exchange, body: Buffer): Promise<unknown> {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch (err) {
    await refuse(ctx, ex, 400, GAT_STATUS.invalidJsonFormat, `malformed_json: ${err instanceof Error ? err.message : String(err)}`, body);
    return undefined;
  }
}

export async function handleRegister(ctx: Gat1400Context, ex: Exchange, body: Buffer): Promise<void> {
  const json = await parseJson(ctx, ex, body);
  if (json === undefined) return;
  const env = ZRegisterEnvelope.safeParse(json);
  if (!env.success) return refuse(ctx, ex, 400, GAT_STATUS.invalidJsonContent, "invalid_register: RegisterObject.DeviceID required", body);
  const deviceId = env.data.RegisterObject.DeviceID;
  const authorization = ex.req.headers.authorization;
  if (!authorization) {
    // The first leg of the handshake: not an error, so neither refused nor dead-lettered.
    const body401 = { ResponseStatusObject: status(deviceId, ex.path, GAT_STATUS.invalidOperation, "Unauthorized: digest required", ctx.now(), ctx.utcOffsetMin) };
    return sendJson(ex.res, 401, body401, { "www-authenticate": ctx.auth.challenge().header });
  }
  const camera = await ctx.directory.find(deviceId);
  if (!camera) return refuse(ctx, ex, 403, GAT_STATUS.invalidOperation, `unknown_device: ${deviceId}`, body, { id: deviceId });
  const check = ctx.auth.verify(ex.req.method ?? "POST", ex.path, authorization, (username) => ctx.passwordFor(deviceId, username) ?? camera.password ?? ctx.defaultPassword);
  if (!check.ok) {
    const headers = { "www-authenticate": ctx.auth.challenge(check.stale).header };
    if (check.stale) return sendJson(ex.res, 401, { ResponseStatusObject: status(deviceId, ex.path, GAT_STATUS.invalidOperation, "Unauthorized: stale nonce", ctx.now(), ctx.utcOffsetMin) }, headers);
    return refuse(ctx, ex, 401, GAT_STATUS.invalidOperation, `bad_digest: ${check.reason}`, `${authorization}\n\n${body.toString("utf8")}`, { id: deviceId, headers });
  }
  const { session, cameOnline } = ctx.sessions.register(camera);
  if (cameOnline) await emitLiveness(ctx, session, true, "registered");
  ctx.deps.logger.info("gat1400 registered", { deviceId, remote: ex.remote });
  ok(ctx, ex, deviceId);
}

/** The device named by `User-Identify` (or `fallbackId`), if registered; else answers 401. */
export async function identify(ctx: Gat1400Context, ex: Exchange, raw: Buffer, fallbackId?: string): Promise<Session | null> {
  const header = ex.req.headers["user-identify"];
  const deviceId = (Array.isArray(header) ? header[0] : header)?.trim() || fallbackId;
  if (!deviceId) {
    await refuse(ctx, ex, 401, GAT_STATUS.invalidOperation, "not_registered: User-Identify header missing", raw);
    return null;
  }
  const touched = ctx.sessions.touch(deviceId);
  if (!touched) {
    await refuse(ctx, ex, 401, GAT_STATUS.invalidOperation, `not_registered: ${deviceId}`, raw, { id: deviceId });
    return null;
  }
  // Keepalive timeout made it offline; any request brings it back (issue #4).
  if (touched.cameOnline) await emitLiveness(ctx, touched.session, true, "traffic_resumed");
  return touched.session;
}

export async function handleKeepalive(ctx: Gat1400Context, ex: Exchange, body: Buffer): Promise<void> {
  const json = await parseJson(ctx, ex, body);
  if (json === undefined) return;
  const env = ZKeepaliveEnvelope.safeParse(json);
  if (!env.success) return refuse(ctx, ex, 400, GAT_STATUS.invalidJsonContent, "invalid_keepalive: KeepaliveObject.DeviceID required", body);
  const session = await identify(ctx, ex, body, env.data.KeepaliveObject.DeviceID);
  if (session) ok(ctx, ex, session.camera.externalId);
}

export async function handleUnRegister(ctx: Gat1400Context, ex: Exchange, body: Buffer): Promise<void> {
  const json = await parseJson(ctx, ex, body);
  if (json === undefined) return;
  const env = ZUnRegisterEnvelope.safeParse(json);
  if (!env.success) return refuse(ctx, ex, 400, GAT_STATUS.invalidJsonContent, "invalid_unregister: UnRegisterObject.DeviceID required", body);
  const deviceId = env.data.UnRegisterObject.DeviceID;
  const session = ctx.sessions.unregister(deviceId);
  if (!session) return refuse(ctx, ex, 401, GAT_STATUS.invalidOperation, `not_registered: ${deviceId}`, body, { id: deviceId });
  if (session.online) await emitLiveness(ctx, session, false, "unregistered");
  ok(ctx, ex, deviceId);
}

export async function handleTime(ctx: Gat1400Context, ex: Exchange): Promise<void> {
  const session = await identify(ctx, ex, Buffer.alloc(0));
  if (!session) return;
  const offsetH = ctx.utcOffsetMin / 60;
  sendJson(ex.res, 200, {
    SystemTimeObject: {
      VIIDServerID: ctx.viidServerId,
      TimeMode: "1", // GA/T 1400.4: 1 = network (NTP-disciplined) time
      LocalTime: formatGatTime(ctx.now(), ctx.utcOffsetMin),
      TimeZone: ctx.utcOffsetMin === 480 ? "Asia/Shanghai" : `UTC${offsetH >= 0 ? "+" : ""}${offsetH}`,
    },
  });
}
