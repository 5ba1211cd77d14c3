import type { DeviceSession, PlatformContext } from "./context";
import { gbDateTime } from "./gb-time";
import { header, parseNameAddr, type SipMessage } from "./sip-message";
import type { SipRemote } from "./transport";

// REGISTER (GB/T 28181-2016 §9.1, RFC 3261 §10.3): digest challenge, verification, then a 200
// that carries the granted Expires and a Date header the device sets its clock from
// (§9.1.2.1 f: "yyyy-MM-ddTHH:mm:ss.SSS"). Expires: 0 removes the registration.

/** Expires header, else the Contact's expires parameter, else the RFC 3261 default of 3600. */
function requestedExpiresS(req: SipMessage): number | null {
  const h = header(req, "Expires");
  const contact = header(req, "Contact");
  const text = h ?? (contact ? parseNameAddr(contact).params.expires : undefined) ?? "3600";
  return /^\d{1,10}$/.test(text.trim()) ? Number(text.trim()) : null;
}

export async function handleRegister(ctx: PlatformContext, req: SipMessage, remote: SipRemote, raw: Buffer): Promise<void> {
  const fromUser = parseNameAddr(header(req, "From") ?? "").user;
  const toUser = parseNameAddr(header(req, "To") ?? "").user;
  const gbId = toUser ?? fromUser;
  if (!gbId || !/^\d{20}$/.test(gbId)) {
    ctx.refuse(req, 400, remote, `bad_device_id: REGISTER for "${gbId ?? ""}" is not a 20-digit GB/T 28181 id`, raw);
    return;
  }
  const expiresS = requestedExpiresS(req);
  if (expiresS === null) {
    ctx.refuse(req, 400, remote, "bad_expires: Expires is not a number", raw);
    return;
  }
  const authorization = header(req, "Authorization");
  if (!authorization) {
    ctx.respond(req, 401, remote, { headers: [["WWW-Authenticate", ctx.digest.challenge()]] });
    return;
  }
  const verdict = ctx.digest.verify(authorization, "REGISTER", gbId);
  if (!verdict.ok) {
    if (verdict.status === 401) {
      // An expired nonce is not an attack: challenge again with stale=true (RFC 2617 §3.2.1).
      ctx.metrics.refused.inc({ reason: verdict.reason.split(":")[0]! });
      ctx.respond(req, 401, remote, { headers: [["WWW-Authenticate", ctx.digest.challenge(verdict.stale)]] });
      return;
    }
    ctx.refuse(req, verdict.status, remote, verdict.reason, raw);
    return;
  }
  await ctx.serial(gbId, () => applyRegistration(ctx, req, remote, gbId, expiresS));
}

async function applyRegistration(ctx: PlatformContext, req: SipMessage, remote: SipRemote, gbId: string, expiresS: number): Promise<void> {
  const now = ctx.nowMs();
  const existing = ctx.sessions.get(gbId);
  if (expiresS === 0) {
    if (existing?.registered) {
      existing.registered = false;
      if (existing.online) await ctx.setOnline(existing, false, "unregister");
    }
    ctx.sessions.delete(gbId);
    ctx.respond(req, 200, remote, { headers: [["Expires", "0"], ["Date", gbDateTime(new Date(now), ctx.opts.timeZone)]] });
    return;
  }
  const grantedS = Math.min(expiresS, ctx.opts.maxRegisterExpiresS);
  const session: DeviceSession = existing ?? {
    gbId, remote, registered: false, online: false, expiresAtMs: 0, lastSeenMs: now, status: null, info: null,
  };
  const isNew = !session.registered;
  session.remote = remote;
  session.registered = true;
  session.expiresAtMs = now + grantedS * 1000;
  session.lastSeenMs = now;
  ctx.sessions.set(gbId, session);
  if (!session.online) await ctx.setOnline(session, true, "register");
  const contact = header(req, "Contact");
  ctx.respond(req, 200, remote, {
    headers: [
      ...(contact ? ([["Contact", `${contact.replace(/;\s*expires=\d+/i, "")};expires=${grantedS}`]] as Array<[string, string]>) : []),
      ["Expires", String(grantedS)],
      ["Date", gbDateTime(new Date(now), ctx.opts.timeZone)],
    ],
  });
  if (isNew) ctx.afterRegister(session);
}
