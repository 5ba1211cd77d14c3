import { hash } from "node:crypto";
import { SEVERITY, type NewCampusEvent } from "../../contracts/event";
import {
  ACCESS_MAJOR, ACCESS_MINOR, ELECTRIC_ALARM_DEFAULTS,
  type AccessEvent, type DensityCount, type ElectricReading, type MqttPayload, type SmokeEvent,
} from "../../contracts/mqtt";
import { timeOrderedId } from "../../events/ids";
import type { MqttDeviceRef } from "./registry";

// One validated MQTT payload → one canonical CampusEvent (DESIGN.md "Canonical event").
// The event id is derived from the device and the exact payload bytes, so a QoS-1 redelivery
// (DUP, or a resend after a reconnect with a new packet id) maps to the same id and the event
// log stores it once. Payloads carry the controller's serial number / device time, so two
// genuinely different events never share bytes. The id leads with the payload's own time
// (server/events/ids.ts), which a redelivery repeats, so the log's id index grows at its end.

export function mqttEventId(externalId: string, channel: string, payload: Uint8Array, deviceTimeMs: number): string {
  // One-shot hash: a third of the cost of a Hash object for a ~250-byte message.
  const digest = hash("sha256", Buffer.concat([Buffer.from(`${externalId}\n${channel}\n`), payload]), "hex");
  return timeOrderedId("mqtt", deviceTimeMs, digest.slice(0, 32));
}

interface Mapped {
  kind: string;
  severity: number;
  subject?: NewCampusEvent["subject"];
  data: Record<string, unknown>;
}

export function toCampusEvent(
  device: MqttDeviceRef, payload: MqttPayload, id: string, rawRef: string,
): NewCampusEvent {
  const m = mapPayload(device, payload);
  return {
    id,
    campusId: device.campusId,
    kind: m.kind,
    severity: m.severity,
    occurredAt: new Date(payload.time),
    deviceId: device.id,
    location: { xM: device.xM, yM: device.yM, floor: device.floor },
    subject: m.subject ?? null,
    source: { protocol: "mqtt", rawRef },
    data: { ...m.data, externalId: device.externalId },
  };
}

function mapPayload(device: MqttDeviceRef, p: MqttPayload): Mapped {
  switch (p.type) {
    case "access.event":
      return mapAccess(p);
    case "access.door_state":
      return { kind: "access.door_state", severity: SEVERITY.info, data: { doorNo: p.doorNo, state: p.state } };
    case "density.count":
      return mapDensity(device, p);
    case "patrol.checkin":
      return {
        kind: "patrol.checkin", severity: SEVERITY.info,
        subject: { type: "person", ref: p.guardId, plate: null },
        data: { guardId: p.guardId, routeId: p.routeId ?? null, order: p.order, method: p.method },
      };
    case "smoke.event":
      return mapSmoke(p);
    case "electric.reading":
      return mapElectric(device, p);
    case "device.status":
      return {
        kind: `device.${p.status}`,
        severity: p.status === "online" ? SEVERITY.info : SEVERITY.medium,
        data: { faultCode: p.faultCode ?? null, detail: p.detail ?? null },
      };
  }
}

function accessKind(p: AccessEvent): { kind: string; severity: number } {
  if (p.major === ACCESS_MAJOR.event || p.major === ACCESS_MAJOR.alarm) {
    switch (p.minor) {
      case ACCESS_MINOR.granted: return { kind: "access.granted", severity: SEVERITY.info };
      case ACCESS_MINOR.deniedNoRight:
      case ACCESS_MINOR.deniedInvalidCard: return { kind: "access.denied", severity: SEVERITY.low };
      case ACCESS_MINOR.forced: return { kind: "access.forced", severity: SEVERITY.high };
      case ACCESS_MINOR.heldOpen: return { kind: "access.held_open", severity: SEVERITY.medium };
      case ACCESS_MINOR.doorOpen:
      case ACCESS_MINOR.doorClosed: return { kind: "access.door_state", severity: SEVERITY.info };
    }
  }
  // Codes outside the table are kept (not refused): the raw major/minor travel in `data`.
  return { kind: "access.other", severity: SEVERITY.info };
}

function mapAccess(p: AccessEvent): Mapped {
  const { kind, severity } = accessKind(p);
  const person = p.employeeNo ?? null;
  const data: Record<string, unknown> = {
    serialNo: p.serialNo, major: p.major, minor: p.minor, doorNo: p.doorNo,
    cardReaderNo: p.cardReaderNo ?? null, cardNo: p.cardNo ?? null, employeeNo: person,
    direction: p.direction ?? null, verifyMode: p.verifyMode ?? null,
  };
  if (p.minor === ACCESS_MINOR.doorOpen || p.minor === ACCESS_MINOR.doorClosed) {
    data.state = p.minor === ACCESS_MINOR.doorOpen ? "open" : "closed";
  }
  const subject = person || p.cardNo ? { type: "person" as const, ref: person ?? `card:${p.cardNo}`, plate: null } : null;
  return { kind, severity, subject, data };
}

function mapDensity(device: MqttDeviceRef, p: DensityCount): Mapped {
  return {
    kind: "density.sample", severity: SEVERITY.info,
    data: {
      zoneId: p.zoneId ?? device.zoneId, count: p.count, areaM2: p.areaM2,
      perM2: Math.round((p.count / p.areaM2) * 1000) / 1000,
      inCount: p.inCount ?? null, outCount: p.outCount ?? null,
    },
  };
}

function mapSmoke(p: SmokeEvent): Mapped {
  const data = { state: p.state, obscurationPctPerM: p.obscurationPctPerM ?? null, faultCode: p.faultCode ?? null, batteryPct: p.batteryPct ?? null };
  switch (p.state) {
    case "alarm": return { kind: "fire.smoke", severity: SEVERITY.critical, data };
    case "fault": return { kind: "fire.fault", severity: SEVERITY.medium, data };
    case "test": return { kind: "fire.test", severity: SEVERITY.info, data };
    case "normal": return { kind: "fire.restore", severity: SEVERITY.info, data };
  }
}

function mapElectric(device: MqttDeviceRef, p: ElectricReading): Mapped {
  const residualLimitMa = device.residualAlarmMa ?? ELECTRIC_ALARM_DEFAULTS.residualCurrentMa;
  const temperatureLimitC = device.temperatureAlarmC ?? ELECTRIC_ALARM_DEFAULTS.temperatureC;
  const verdict = p.alarm
    ?? (p.residualCurrentMa >= residualLimitMa ? "residual_current" : p.temperatureC >= temperatureLimitC ? "temperature" : "none");
  const data = {
    channel: p.channel, residualCurrentMa: p.residualCurrentMa, temperatureC: p.temperatureC, alarm: verdict,
    residualLimitMa, temperatureLimitC,
  };
  if (verdict === "fault") return { kind: "electric.fault", severity: SEVERITY.medium, data };
  if (verdict === "none") return { kind: "electric.reading", severity: SEVERITY.info, data };
  return { kind: "electric.alarm", severity: SEVERITY.high, data };
}
