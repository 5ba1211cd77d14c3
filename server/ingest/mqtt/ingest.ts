import type { Ingest, IngestDeps, RunningIngest } from "../types";
import { createMqttAuthenticator, type MqttCredential } from "./auth";
import { startEmbeddedBroker } from "./embedded";
import { redact, startExternalSubscriber } from "./external";
import { createMqttHandler } from "./handler";
import { createMqttMetrics } from "./metrics";
import { createMqttDeviceRegistry } from "./registry";

// MQTT ingest factory (DESIGN.md "Runtime"): an embedded aedes broker on MQTT_PORT by default,
// or, when MQTT_URL is set, a client of an external broker (Mosquitto, EMQX). Both paths run
// the same handler and acknowledge QoS-1 publishes only after the commit.

export interface MqttIngestOptions {
  host: string;
  /** Embedded broker port (0 = ephemeral). Ignored when `url` is set. */
  port: number;
  /** External broker, e.g. mqtt://user:pass@127.0.0.1:1883. */
  url?: string;
  /** Device logins for the embedded broker; absent → anonymous devices are accepted. */
  credentials?: readonly MqttCredential[];
  /** External mode: connections in the shared subscription (default 4), and its group (null: no $share). */
  connections?: number;
  shareGroup?: string | null;
}

export function createMqttIngest(deps: IngestDeps, opts: MqttIngestOptions): Ingest {
  const logger = deps.logger.child({ ingest: "mqtt" });
  return {
    async start(): Promise<RunningIngest> {
      const metrics = createMqttMetrics(deps.metrics);
      const registry = createMqttDeviceRegistry(deps.db);
      await registry.reload();
      const handler = createMqttHandler({ events: deps.events, deadLetters: deps.deadLetters, registry, metrics, logger });
      if (opts.url) {
        const sub = await startExternalSubscriber({
          url: opts.url, handler, logger, connections: opts.connections, shareGroup: opts.shareGroup,
        });
        logger.info("mqtt ingest subscribed", { broker: redact(opts.url), devices: registry.size() });
        return { ports: {}, stop: () => sub.stop() };
      }
      const auth = createMqttAuthenticator(opts.credentials);
      const broker = await startEmbeddedBroker({ host: opts.host, port: opts.port, handler, auth, metrics, logger });
      logger.info("mqtt broker listening", { host: opts.host, port: broker.port, auth: auth.enabled, devices: registry.size() });
      return { ports: { mqtt: broker.port }, stop: () => broker.stop() };
    },
  };
}
