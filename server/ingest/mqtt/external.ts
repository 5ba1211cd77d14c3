import mqtt, { type MqttClient } from "mqtt";
import type { Logger } from "../../observability/logger";
import { MQTT_SUBSCRIPTION, type MqttHandler } from "./handler";

// Client mode for an external broker (Mosquitto, EMQX): MQTT_URL, credentials in the URL
// (mqtt://user:pass@host:1883). mqtt.js sends a QoS-1 PUBACK from `handleMessage`'s
// callback (lib/handlers/publish.js), so overriding `handleMessage` to call back after the
// commit gives "PUBACK after commit" here too. mqtt.js handles one inbound packet at a time
// per connection, so the ingest opens several connections in a shared subscription
// (`$share/<group>/…`, MQTT 5 §4.8.2; Mosquitto ≥ 1.6 and EMQX accept it from 3.1.1 clients
// too): the broker spreads messages over them and their commits group into one transaction.
// Sessions are persistent (clean=false, fixed client ids), so the broker queues QoS-1
// messages while the server is down.

export interface ExternalSubscriber {
  stop(): Promise<void>;
}

export interface ExternalOptions {
  url: string;
  handler: MqttHandler;
  logger: Logger;
  /** Connections in the shared subscription (default 4). */
  connections?: number;
  /** Shared-subscription group; null subscribes plainly (brokers without $share, 1 connection). */
  shareGroup?: string | null;
  clientIdPrefix?: string;
}

export async function startExternalSubscriber(o: ExternalOptions): Promise<ExternalSubscriber> {
  const shareGroup = o.shareGroup === undefined ? "campustwin" : o.shareGroup;
  const count = shareGroup === null ? 1 : Math.max(1, o.connections ?? 4);
  const filter = shareGroup === null ? MQTT_SUBSCRIPTION : `$share/${shareGroup}/${MQTT_SUBSCRIPTION}`;
  const prefix = o.clientIdPrefix ?? "campustwin-ingest";
  const clients: MqttClient[] = [];
  try {
    for (let i = 0; i < count; i++) clients.push(await connectOne(o, `${prefix}-${i}`, filter));
  } catch (err) {
    await Promise.all(clients.map((c) => c.endAsync(true)));
    throw err;
  }
  return {
    async stop() {
      // end(false) waits for in-flight handleMessage callbacks (their PUBACKs) before closing.
      await Promise.all(clients.map((c) => c.endAsync(false)));
    },
  };
}

async function connectOne(o: ExternalOptions, clientId: string, filter: string): Promise<MqttClient> {
  const client = mqtt.connect(o.url, {
    clientId, clean: false, reconnectPeriod: 2_000, connectTimeout: 10_000, manualConnect: true,
  });
  client.handleMessage = (packet, callback) => {
    const topic = packet.topic;
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    o.handler.handle(topic, payload, o.url).then(
      () => callback(),
      (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
    );
  };
  client.on("error", (err) => o.logger.warn("mqtt broker connection error", { clientId, error: err.message }));
  client.on("reconnect", () => o.logger.info("mqtt reconnecting", { clientId }));
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => {
      client.removeListener("connect", onConnect);
      client.end(true);
      reject(new Error(`MQTT broker ${redact(o.url)} refused ${clientId}: ${err.message}`));
    };
    const onConnect = () => {
      client.removeListener("error", onError);
      resolve();
    };
    client.once("error", onError);
    client.once("connect", onConnect);
    client.connect();
  });
  // Subscribe on every (re)connect: a broker that lost the session must get it back.
  const subscribe = () => client.subscribeAsync(filter, { qos: 1 });
  client.on("connect", (connack) => {
    if (!connack.sessionPresent) subscribe().catch((err: Error) => o.logger.error("mqtt subscribe failed", { error: err.message }));
  });
  const granted = await subscribe();
  if (granted.some((g) => g.qos !== 1)) throw new Error(`MQTT broker ${redact(o.url)} did not grant QoS 1 on ${filter}`);
  return client;
}

export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(invalid url)";
  }
}
