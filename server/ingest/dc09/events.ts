import { SEVERITY, type NewCampusEvent } from "../../contracts/event";
import { mapSignal } from "./event-map";
import type { Content, Envelope } from "./frame";
import type { Signal } from "./payload";
import type { AccountEntry, DeviceRef } from "./registry";

// DC-09 messages → canonical CampusEvents. The zone device (detector, fence segment) is used
// when the registry knows the zone, else the account's device (panel, fence host, button);
// the event carries that device's id and location, and the campus the account belongs to.

const FENCE_KINDS = new Set(["fence_host", "fence_segment"]);

const locationOf = (d: DeviceRef) => ({ xM: d.xM, yM: d.yM, floor: d.floor });
const rawRef = (account: string, seq: string) => `dc09:acct=${account};seq=${seq}`;

export function buildEvents(
  baseId: string, env: Envelope, entry: AccountEntry, content: Content, signals: readonly Signal[], receivedAt: Date,
): NewCampusEvent[] {
  return signals.map((sig, i) => {
    const zoneDevice = sig.zone === null ? undefined : entry.zones.get(sig.zone);
    const device = zoneDevice ?? entry.device;
    const fence = FENCE_KINDS.has(entry.device.kind) || FENCE_KINDS.has(device.kind);
    const mapped = mapSignal(sig, fence);
    return {
      id: signals.length === 1 ? baseId : `${baseId}-${i}`,
      campusId: entry.device.campusId,
      kind: mapped.kind,
      severity: mapped.severity,
      occurredAt: content.timestamp ?? receivedAt,
      deviceId: device.id,
      location: locationOf(device),
      subject: null,
      source: { protocol: "dc09", rawRef: rawRef(env.account, env.seq) },
      data: {
        account: env.account, seq: env.seq, token: env.token, encrypted: env.encrypted,
        receiver: env.receiver, line: env.line, scheme: sig.scheme, code: sig.code,
        qualifier: sig.qualifier, partition: sig.partition, zone: sig.zone,
        restore: mapped.restore, previous: sig.qualifier === 6, zoneKnown: zoneDevice !== undefined,
        panelDeviceId: entry.device.id, extended: content.extended,
      },
    };
  });
}

export function driftEvent(account: string, entry: AccountEntry, panelTime: Date, driftMs: number): NewCampusEvent {
  return {
    id: `dc09-drift-${account}-${panelTime.getTime()}`,
    campusId: entry.device.campusId,
    kind: "device.clock_drift",
    severity: SEVERITY.medium,
    occurredAt: panelTime,
    deviceId: entry.device.id,
    location: locationOf(entry.device),
    source: { protocol: "dc09", rawRef: `dc09:acct=${account}` },
    data: { account, driftS: Math.round(driftMs / 100) / 10, limitS: 20 },
  };
}

export function linkEvent(
  kind: "device.online" | "device.offline", account: string, entry: AccountEntry, at: Date, extra: Record<string, unknown> = {},
): NewCampusEvent {
  return {
    id: `dc09-${kind === "device.online" ? "online" : "offline"}-${account}-${at.getTime()}`,
    campusId: entry.device.campusId,
    kind,
    severity: kind === "device.offline" ? SEVERITY.medium : SEVERITY.info,
    occurredAt: at,
    deviceId: entry.device.id,
    location: locationOf(entry.device),
    source: { protocol: "dc09", rawRef: `dc09:acct=${account}` },
    data: { account, ...extra },
  };
}
