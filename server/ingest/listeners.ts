import { join } from "node:path";
import type { Env } from "../env";
import { createDc09Ingest } from "./dc09/ingest";
import { createGat1400Ingest } from "./gat1400/server";
import { createGb28181Ingest } from "./gb28181/platform";
import { createMqttIngest } from "./mqtt/ingest";
import type { IngestDeps, RunningIngest } from "./types";

// Starts every protocol listener from the validated configuration. Each listener is started
// in turn; if one cannot bind, those already running are stopped before the error surfaces.

export interface RunningListeners {
  /** Bound ports: dc09 (TCP+UDP), sip (UDP+TCP), gat1400 (HTTP), mqtt (embedded broker). */
  ports: Record<string, number>;
  stop(): Promise<void>;
}

export function parseDc09Keys(spec: string | undefined): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const pair of spec ? spec.split(",") : []) {
    const [account, hex] = pair.split("=");
    keys[account!.toUpperCase()] = hex!;
  }
  return keys;
}

export async function startListeners(env: Env, deps: IngestDeps): Promise<RunningListeners> {
  const running: RunningIngest[] = [];
  const ports: Record<string, number> = {};
  const stop = async () => void (await Promise.allSettled(running.map((r) => r.stop())));
  try {
    const dc09 = await createDc09Ingest(deps, { host: env.HOST, port: env.DC09_PORT, keys: parseDc09Keys(env.DC09_KEYS) }).start();
    running.push(dc09);
    ports.dc09 = dc09.ports.tcp ?? dc09.ports.udp ?? 0;

    const sip = await createGb28181Ingest(deps, {
      host: env.HOST, port: env.SIP_PORT, platformId: env.GB28181_PLATFORM_ID,
      realm: env.GB28181_PLATFORM_ID.slice(0, 10), password: env.DEVICE_PASSWORD,
    }).start();
    running.push(sip);
    ports.sip = sip.ports.sip ?? sip.ports.udp ?? 0;

    const gat = await createGat1400Ingest(deps, {
      host: env.HOST, port: env.GAT1400_PORT, imageDir: join(env.DATA_DIR, "images"), defaultPassword: env.DEVICE_PASSWORD,
    }).start();
    running.push(gat);
    ports.gat1400 = gat.ports.http ?? 0;

    const mqtt = await createMqttIngest(deps, { host: env.HOST, port: env.MQTT_PORT, url: env.MQTT_URL }).start();
    running.push(mqtt);
    if (mqtt.ports.mqtt !== undefined) ports.mqtt = mqtt.ports.mqtt;
  } catch (err) {
    await stop();
    throw err;
  }
  return { ports, stop };
}
