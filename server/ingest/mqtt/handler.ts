import type { DeadLetters } from "../../observability/dead-letters";
import type { EventLog } from "../../events/log";
import type { Logger } from "../../observability/logger";
import {
  MQTT_CHANNEL, MQTT_FAMILIES, MQTT_FAMILY_TYPES, ZMqttPayload, type MqttFamily,
} from "../../contracts/mqtt";
import { mqttEventId, toCampusEvent } from "./event-map";
import type { MqttMetrics } from "./metrics";
import type { MqttDeviceRegistry } from "./registry";

// The transport-independent part of the MQTT ingest: topic → device, JSON → zod payload →
// canonical event → commit. The embedded broker and the external-broker client both call
// `handle` and acknowledge (PUBACK) only when it resolves; it rejects only when the commit
// itself failed, so the device keeps the message and redelivers it (QoS 1, MQTT 3.1.1 §4.3.2).
// Everything refused goes to the dead-letter store with its reason and is acknowledged, so a
// device does not redeliver garbage forever and the subscription never stops.

/** Payloads above this are refused (a door event is ~250 bytes). */
export const MQTT_MAX_PAYLOAD_BYTES = 16 * 1024;

export type HandleOutcome = "stored" | "duplicate" | "dead_letter" | "ignored";

export interface MqttHandler {
  handle(topic: string, payload: Buffer, remote: string | null): Promise<HandleOutcome>;
  /** Records a refusal decided by the transport (e.g. a topic the login may not use). */
  refuse(topic: string, payload: Buffer, remote: string | null, reason: string): Promise<HandleOutcome>;
}

export interface ParsedTopic {
  campusId: string;
  family: MqttFamily;
  deviceId: string;
  channel: string;
}

export const MQTT_TOPIC_ROOT = "campus";
/** What the ingest subscribes to on an external broker. */
export const MQTT_SUBSCRIPTION = `${MQTT_TOPIC_ROOT}/+/+/+/+`;

export function parseTopic(topic: string): ParsedTopic | null {
  const parts = topic.split("/");
  if (parts.length !== 5 || parts[0] !== MQTT_TOPIC_ROOT) return null;
  const [, campusId, family, deviceId, channel] = parts as [string, string, string, string, string];
  if (!campusId || !deviceId || !channel) return null;
  if (!(MQTT_FAMILIES as readonly string[]).includes(family)) return null;
  return { campusId, family: family as MqttFamily, deviceId, channel };
}

export function createMqttHandler(deps: {
  events: EventLog;
  deadLetters: DeadLetters;
  registry: MqttDeviceRegistry;
  metrics: MqttMetrics;
  logger: Logger;
}): MqttHandler {
  const { events, deadLetters, registry, metrics, logger } = deps;

  async function refuse(topic: string, payload: Buffer, remote: string | null, reason: string): Promise<HandleOutcome> {
    metrics.refused.inc({ reason: reason.split(":")[0]! });
    // The topic travels with the bytes so the dead letter can be replayed.
    const raw = Buffer.concat([Buffer.from(`${topic}\n`, "utf8"), payload.subarray(0, MQTT_MAX_PAYLOAD_BYTES)]);
    await deadLetters.record({ protocol: "mqtt", remote, reason, raw });
    return "dead_letter";
  }

  async function handle(topic: string, payload: Buffer, remote: string | null): Promise<HandleOutcome> {
    if (!topic.startsWith(`${MQTT_TOPIC_ROOT}/`)) return "ignored"; // not a device topic: not ours
    const t = parseTopic(topic);
    if (!t) return refuse(topic, payload, remote, `topic: expected ${MQTT_TOPIC_ROOT}/<campusId>/<family>/<deviceId>/<channel>`);
    metrics.messages.inc({ family: t.family });
    if (payload.length > MQTT_MAX_PAYLOAD_BYTES) return refuse(topic, payload, remote, `oversized: ${payload.length} bytes`);
    let json: unknown;
    try {
      json = JSON.parse(payload.toString("utf8"));
    } catch (err) {
      return refuse(topic, payload, remote, `json: ${err instanceof Error ? err.message : String(err)}`);
    }
    const parsed = ZMqttPayload.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return refuse(topic, payload, remote, `schema: ${issue ? `${issue.path.join(".") || "(root)"} ${issue.message}` : "invalid"}`);
    }
    const p = parsed.data;
    if (!MQTT_FAMILY_TYPES[t.family].includes(p.type) || MQTT_CHANNEL[p.type] !== t.channel) {
      return refuse(topic, payload, remote, `family: ${p.type} is not published on ${t.family}/…/${t.channel}`);
    }
    let device = registry.lookup(t.deviceId);
    if (!device) {
      await registry.reloadSoon();
      device = registry.lookup(t.deviceId);
    }
    if (!device) return refuse(topic, payload, remote, `unknown_device: ${t.deviceId}`);
    if (device.campusId !== t.campusId || device.family !== t.family) {
      return refuse(topic, payload, remote, `campus_mismatch: ${t.deviceId} is a ${device.kind} of campus ${device.campusId}`);
    }
    const id = mqttEventId(t.deviceId, t.channel, payload, Date.parse(p.time));
    const event = toCampusEvent(device, p, id, `mqtt:${topic}`);
    try {
      const r = await events.append([event]);
      if (r.duplicates.length) {
        metrics.duplicates.inc();
        return "duplicate";
      }
      metrics.events.inc({ kind: event.kind });
      return "stored";
    } catch (err) {
      metrics.commitErrors.inc();
      logger.error("mqtt commit failed", { topic, error: err instanceof Error ? err.message : String(err) });
      throw err;
    }
  }

  return { handle, refuse };
}
