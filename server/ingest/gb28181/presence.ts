import { SEVERITY, type NewCampusEvent } from "../../contracts/event";
import type { DeviceSession, PlatformContext } from "./context";

// Device presence (GB/T 28181-2016 §9.3.1): online on registration or keepalive; offline on
// unregistration, an expired registration, or `keepaliveTimeoutCount` missed keepalives.
// Each change is one device.online/device.offline event and a status update of the device's
// Device row (if the campus model has one) and of every channel row it reported.

export /** Offline after N missed keepalives or an expired registration; runs on a timer. */
function supervise(ctx: PlatformContext): void {
  updateGauges(ctx);
  const now = ctx.nowMs();
  const silenceMs = ctx.opts.keepaliveIntervalS * ctx.opts.keepaliveTimeoutCount * 1000;
  for (const s of ctx.sessions.values()) {
    const expired = s.registered && now > s.expiresAtMs;
    const silent = s.online && now - s.lastSeenMs > silenceMs;
    if (!expired && !silent) continue;
    void ctx.serial(s.gbId, async () => {
      if (expired && s.registered && ctx.nowMs() > s.expiresAtMs) s.registered = false;
      const reason = !s.registered ? "registration_expired" : "keepalive_timeout";
      if (s.online && (ctx.nowMs() - s.lastSeenMs > silenceMs || !s.registered)) await ctx.setOnline(s, false, reason);
    }).catch((err: unknown) => ctx.deps.logger.error("gb28181 supervision failed", { gbId: s.gbId, error: String(err) }));
  }
}

export async function setOnline(ctx: PlatformContext, session: DeviceSession, online: boolean, reason: string): Promise<void> {
  const at = new Date(ctx.nowMs());
  const row = await ctx.registry.find(session.gbId);
  const campusId = row?.campusId ?? (await ctx.registry.campusFor(session.gbId));
  const channelRows = (await ctx.registry.channelsOf(session.gbId)).filter((id) => id !== row?.id);
  session.online = online;
  updateGauges(ctx);
  await ctx.registry.setStatus(row ? [row.id, ...channelRows] : channelRows, online ? "online" : "offline");
  if (!campusId) {
    ctx.deps.logger.warn("gb28181 no campus for device event", { gbId: session.gbId, online });
    return;
  }
  const event: NewCampusEvent = {
    id: `gb28181-${online ? "online" : "offline"}-${session.gbId}-${at.getTime()}`,
    campusId, kind: online ? "device.online" : "device.offline",
    severity: online ? SEVERITY.info : SEVERITY.medium, occurredAt: at, deviceId: row?.id ?? null,
    location: row ? { xM: row.xM, yM: row.yM, floor: row.floor } : null,
    source: { protocol: "gb28181", rawRef: `gb28181:${session.gbId}` },
    data: { gbDeviceId: session.gbId, reason, channels: channelRows.length, transport: session.remote.transport },
  };
  await ctx.deps.events.append([event]);
}

export function updateGauges(ctx: PlatformContext): void {
  let online = 0;
  let registered = 0;
  for (const s of ctx.sessions.values()) {
    if (s.online) online++;
    if (s.registered) registered++;
  }
  ctx.metrics.online.set(online);
  ctx.metrics.registered.set(registered);
}
