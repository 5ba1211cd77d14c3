import mqtt from "mqtt";
import { mqttTopic } from "../../server/contracts/mqtt";
import { accessEvent } from "../../simulators/mqtt/payloads";

// Child process of test/bench/mqtt.ts: floods the broker with QoS-1 access events over
// several connections, keeping a window of unacknowledged publishes per connection, and
// reports publish→PUBACK latency (= publish → committed, as the ingest acks after commit).
// Args: url connections perConnection window campusId deviceId...

const [url = "", connArg = "4", perArg = "25000", windowArg = "500", campusId = "bench", ...devices] = process.argv.slice(2);
const connections = Number(connArg);
const perConnection = Number(perArg);
const windowSize = Number(windowArg);

async function runConnection(index: number, latenciesMs: Float64Array, offset: number): Promise<void> {
  const client = await mqtt.connectAsync(url, { clientId: `bench-${process.pid}-${index}`, reconnectPeriod: 0 });
  const at = new Date("2026-03-02T00:00:00Z");
  let sent = 0;
  let acked = 0;
  await new Promise<void>((resolve, reject) => {
    const pump = () => {
      while (sent < perConnection && sent - acked < windowSize) {
        const n = sent++;
        const device = devices[(index + n) % devices.length]!;
        const payload = JSON.stringify(accessEvent({
          at: new Date(at.getTime() + n), serialNo: index * 10_000_000 + n, outcome: "granted", cardNo: String(100000 + (n % 5000)), direction: "in",
        }));
        const t0 = performance.now();
        client.publish(mqttTopic(campusId, "access", device, "access.event"), payload, { qos: 1 }, (err) => {
          if (err) return reject(err);
          latenciesMs[offset + n] = performance.now() - t0;
          if (++acked === perConnection) resolve();
          else pump();
        });
      }
    };
    pump();
  });
  await client.endAsync();
}

const total = connections * perConnection;
const latenciesMs = new Float64Array(total);
const t0 = performance.now();
const cpu0 = process.cpuUsage();
await Promise.all(Array.from({ length: connections }, (_, i) => runConnection(i, latenciesMs, i * perConnection)));
const elapsedMs = performance.now() - t0;
latenciesMs.sort();
const p99Ms = latenciesMs[Math.min(total - 1, Math.floor(total * 0.99))]!;
const cpu = process.cpuUsage(cpu0);
process.send?.({ total, elapsedMs, p99Ms, p50Ms: latenciesMs[Math.floor(total * 0.5)]!, cpuMs: (cpu.user + cpu.system) / 1000 });
