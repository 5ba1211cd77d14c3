import { createServer, type Server, type Socket } from "node:net";
import { Aedes, type AuthenticateError, type Client } from "aedes";
import type { Logger } from "../../observability/logger";
import type { MqttAuthenticator } from "./auth";
import { parseTopic, type MqttHandler } from "./handler";
import type { MqttMetrics } from "./metrics";

// The embedded broker: aedes over node:net. aedes writes a QoS-1 PUBACK *before* routing a
// publish (lib/handlers/publish.js enqueuePublish), but only after `authorizePublish` has
// called back. So the ingest does its work inside `authorizePublish`: the callback — and with
// it the PUBACK — comes after the event log has committed the event. All publishes parsed from
// one socket read are handled concurrently (lib/client.js enqueue), so they share one group
// commit; their PUBACKs are written in arrival order (MQTT-4.6.0-2) because the log resolves a
// commit's appends in submission order. A failed commit errors the callback: aedes drops the
// connection without a PUBACK and the device redelivers after reconnecting.

export interface EmbeddedBroker {
  port: number;
  stop(): Promise<void>;
}

const userOf = new WeakMap<Client, string | undefined>();

const remoteOf = (client: Client | null): string | null => {
  const conn = client?.conn as Socket | undefined;
  return conn?.remoteAddress ? `${conn.remoteAddress}:${conn.remotePort}` : null;
};

export async function startEmbeddedBroker(opts: {
  host: string;
  port: number;
  handler: MqttHandler;
  auth: MqttAuthenticator;
  metrics: MqttMetrics;
  logger: Logger;
}): Promise<EmbeddedBroker> {
  const { handler, auth, metrics, logger } = opts;
  let inflight = 0;
  let drained: (() => void) | null = null;

  const broker = await Aedes.createBroker({
    authenticate(client, username, password, done) {
      if (auth.check(username, password)) {
        userOf.set(client, username);
        return done(null, true);
      }
      metrics.authFailures.inc();
      logger.warn("mqtt login refused", { clientId: client.id, username: username ?? null, remote: remoteOf(client) });
      const err = new Error("Bad username or password") as AuthenticateError;
      err.returnCode = 4; // CONNACK 0x04 bad user name or password (MQTT 3.1.1 §3.2.2.3)
      done(err, false);
    },
    authorizePublish(client, packet, callback) {
      const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
      const remote = remoteOf(client);
      const t = parseTopic(packet.topic);
      const forbidden = auth.enabled && client !== null && t !== null && !auth.mayPublish(userOf.get(client), t.deviceId);
      inflight++;
      const work = forbidden
        ? (metrics.publishDenied.inc(), handler.refuse(packet.topic, payload, remote, `forbidden_topic: login may not publish for ${t.deviceId}`))
        : handler.handle(packet.topic, payload, remote);
      work.then(
        () => callback(null),
        (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
      ).finally(() => {
        if (--inflight === 0 && drained) drained();
      });
    },
  });
  broker.on("client", () => metrics.clients.set(broker.connectedClients));
  broker.on("clientDisconnect", () => metrics.clients.set(broker.connectedClients));
  broker.on("clientError", (client, err) => logger.debug("mqtt client error", { clientId: client.id, error: err.message }));

  const server: Server = createServer((socket) => broker.handle(socket));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : opts.port;

  return {
    port,
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      if (inflight > 0) await new Promise<void>((resolve) => (drained = resolve));
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await closed;
    },
  };
}
