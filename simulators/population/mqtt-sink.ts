import { mqttFamilyOfKind } from "../../server/contracts/mqtt";
import * as P from "../mqtt/payloads";
import { connectMqttDevice, type MqttDevicePublisher } from "../mqtt/publisher";
import type { DeviceAction } from "./actions";
import type { ActionSink } from "./sink";

// MQTT sink: the campus's access controllers, density cameras, patrol terminals and fire
// sensors, published through one gateway connection (a login allowed for "*" when the broker
// authenticates). Controllers number their events (serialNo) per device, as real ones do.

export interface MqttSinkOptions {
  url: string;
  /** Campus the played devices belong to (first topic level). */
  campusId: string;
  username?: string;
  password?: string;
  clientId?: string;
}

export async function createMqttSink(o: MqttSinkOptions): Promise<ActionSink> {
  const pub: MqttDevicePublisher = await connectMqttDevice({
    url: o.url, username: o.username, password: o.password, clientId: o.clientId ?? `campustwin-population-${process.pid}`,
  });
  const campusId = o.campusId;
  const serials = new Map<string, number>();
  const nextSerial = (id: string) => {
    const n = (serials.get(id) ?? 0) + 1;
    serials.set(id, n);
    return n;
  };
  return {
    name: "mqtt",
    handles: (a) => a.device.protocol === "mqtt" && mqttFamilyOfKind(a.device.kind) !== null,
    async send(a, at) {
      const family = mqttFamilyOfKind(a.device.kind)!;
      const dev = a.device.externalId;
      if (a.type === "bad_frame") {
        // A burst of broken frames: truncated JSON, wrong version, and a payload for the wrong family.
        for (let i = 0; i < a.count; i++) {
          const bad = [`{"v":1,"type":"access.event","time":`, `{"v":9,"type":"smoke.event"}`, "\u0000\u0001garbage"][i % 3]!;
          await pub.sendRaw(`campus/${campusId}/${family}/${dev}/event`, bad);
        }
        return;
      }
      const payload = toPayload(a, at, nextSerial);
      // Every message carries the device's running serial number, as real controllers number
      // their reports: the ingest derives event ids from the payload bytes, so two readings that
      // happen to be equal (same count at the same millisecond) must still differ on the wire.
      if (payload) await pub.send(campusId, family, dev, payload.type === "access.event" ? payload : { ...payload, serialNo: nextSerial(a.device.id) });
    },
    close: () => pub.close(),
  };
}

function toPayload(a: DeviceAction, at: Date, nextSerial: (id: string) => number) {
  switch (a.type) {
    case "access":
      return P.accessEvent({
        at, serialNo: nextSerial(a.device.id), outcome: a.outcome, cardNo: a.cardNo ?? undefined, employeeNo: a.personId ?? undefined, direction: a.direction,
      });
    case "density":
      return P.densityCount({ at, count: a.count, areaM2: a.areaM2, zoneId: a.zoneId, inCount: a.inCount, outCount: a.outCount });
    case "patrol":
      return P.patrolCheckin({ at, guardId: a.guardId, order: a.order, routeId: a.routeId });
    case "smoke":
      return P.smokeEvent(at, a.state);
    case "electric":
      return P.electricReading({ at, residualCurrentMa: a.residualCurrentMa, temperatureC: a.temperatureC });
    case "status":
      return P.deviceStatus(at, a.status);
    default:
      return null;
  }
}
