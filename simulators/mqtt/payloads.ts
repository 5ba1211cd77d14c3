import {
  ACCESS_MAJOR, ACCESS_MINOR, MQTT_PAYLOAD_VERSION,
  type AccessEvent, type DensityCount, type DeviceStatusMsg, type DoorState, type ElectricReading,
  type PatrolCheckin, type SmokeEvent,
} from "../../server/contracts/mqtt";

// Payload builders for the simulated devices: they produce exactly the contract's shapes
// (server/contracts/mqtt.ts), with the device's clock as an ISO string with offset.

export type AccessOutcome = "granted" | "denied" | "forced" | "held_open" | "door_open" | "door_closed";

const MINOR_OF: Record<AccessOutcome, number> = {
  granted: ACCESS_MINOR.granted,
  denied: ACCESS_MINOR.deniedNoRight,
  forced: ACCESS_MINOR.forced,
  held_open: ACCESS_MINOR.heldOpen,
  door_open: ACCESS_MINOR.doorOpen,
  door_closed: ACCESS_MINOR.doorClosed,
};

/** ISO-8601 with "+08:00" (China Standard Time), the way campus controllers stamp events. */
export function deviceTime(at: Date, offsetMin = 480): string {
  const local = new Date(at.getTime() + offsetMin * 60_000);
  const sign = offsetMin >= 0 ? "+" : "-";
  const abs = Math.abs(offsetMin);
  const off = `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
  return `${local.toISOString().slice(0, 23)}${off}`;
}

export function accessEvent(a: {
  at: Date; serialNo: number; outcome: AccessOutcome; doorNo?: number; cardNo?: string; employeeNo?: string;
  direction?: "in" | "out"; cardReaderNo?: number;
}): AccessEvent {
  const alarm = a.outcome === "forced" || a.outcome === "held_open";
  return {
    v: MQTT_PAYLOAD_VERSION, type: "access.event", time: deviceTime(a.at), serialNo: a.serialNo,
    major: alarm ? ACCESS_MAJOR.alarm : ACCESS_MAJOR.event, minor: MINOR_OF[a.outcome], doorNo: a.doorNo ?? 1,
    ...(a.cardReaderNo !== undefined ? { cardReaderNo: a.cardReaderNo } : {}),
    ...(a.cardNo ? { cardNo: a.cardNo, verifyMode: "card" as const } : {}),
    ...(a.employeeNo ? { employeeNo: a.employeeNo } : {}),
    ...(a.direction ? { direction: a.direction } : {}),
  };
}

export function doorState(at: Date, state: DoorState["state"], doorNo = 1): DoorState {
  return { v: MQTT_PAYLOAD_VERSION, type: "access.door_state", time: deviceTime(at), doorNo, state };
}

export function densityCount(a: { at: Date; count: number; areaM2: number; zoneId?: string; inCount?: number; outCount?: number }): DensityCount {
  return {
    v: MQTT_PAYLOAD_VERSION, type: "density.count", time: deviceTime(a.at), count: a.count, areaM2: a.areaM2,
    ...(a.zoneId ? { zoneId: a.zoneId } : {}),
    ...(a.inCount !== undefined ? { inCount: a.inCount } : {}),
    ...(a.outCount !== undefined ? { outCount: a.outCount } : {}),
  };
}

export function patrolCheckin(a: { at: Date; guardId: string; order: number; routeId?: string }): PatrolCheckin {
  return {
    v: MQTT_PAYLOAD_VERSION, type: "patrol.checkin", time: deviceTime(a.at), guardId: a.guardId, order: a.order, method: "nfc",
    ...(a.routeId ? { routeId: a.routeId } : {}),
  };
}

export function smokeEvent(at: Date, state: SmokeEvent["state"], obscurationPctPerM?: number): SmokeEvent {
  return {
    v: MQTT_PAYLOAD_VERSION, type: "smoke.event", time: deviceTime(at), state,
    ...(obscurationPctPerM !== undefined ? { obscurationPctPerM } : {}),
  };
}

export function electricReading(a: { at: Date; residualCurrentMa: number; temperatureC: number; channel?: number }): ElectricReading {
  return {
    v: MQTT_PAYLOAD_VERSION, type: "electric.reading", time: deviceTime(a.at), channel: a.channel ?? 1,
    residualCurrentMa: a.residualCurrentMa, temperatureC: a.temperatureC,
  };
}

export function deviceStatus(at: Date, status: DeviceStatusMsg["status"], detail?: string): DeviceStatusMsg {
  return { v: MQTT_PAYLOAD_VERSION, type: "device.status", time: deviceTime(at), status, ...(detail ? { detail } : {}) };
}
