import mqtt, { type MqttClient } from "mqtt";
import { mqttTopic, type MqttFamily, type MqttPayloadInput } from "../../server/contracts/mqtt";

// A simulated MQTT device (or a controller/gateway speaking for several devices): one
// connection, QoS-1 publishes whose promise resolves on PUBACK — i.e. once the server has
// committed the event. Long-lived: mqtt.js reconnects with a delay and resends unacknowledged
// QoS-1 messages, as a real controller does.

export interface MqttDevicePublisherOptions {
  url: string;
  clientId?: string;
  username?: string;
  password?: string;
}

export interface MqttDevicePublisher {
  /** Publishes a contract payload on the device's topic; resolves on PUBACK. */
  send(campusId: string, family: MqttFamily, deviceId: string, payload: MqttPayloadInput): Promise<void>;
  /** Publishes raw bytes on any topic (bad-frame faults, conformance tests). */
  sendRaw(topic: string, payload: string | Buffer): Promise<void>;
  close(): Promise<void>;
  readonly client: MqttClient;
}

export async function connectMqttDevice(o: MqttDevicePublisherOptions): Promise<MqttDevicePublisher> {
  const client = await mqtt.connectAsync(o.url, {
    clientId: o.clientId ?? `campustwin-sim-${process.pid}-${Math.random().toString(16).slice(2, 8)}`,
    username: o.username, password: o.password, reconnectPeriod: 1_000, connectTimeout: 10_000,
  });
  const sendRaw = async (topic: string, payload: string | Buffer) => {
    await client.publishAsync(topic, payload, { qos: 1 });
  };
  return {
    client,
    send: (campusId, family, deviceId, payload) =>
      sendRaw(mqttTopic(campusId, family, deviceId, payload.type), JSON.stringify(payload)),
    sendRaw,
    close: () => client.endAsync(),
  };
}
