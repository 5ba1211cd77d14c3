import { connect, type Socket } from "node:net";
import { mqttTopic } from "../../server/contracts/mqtt";
import { accessEvent } from "../../simulators/mqtt/payloads";

// Child process of test/bench/mqtt.ts: floods the broker with QoS-1 access events over
// several connections, keeping a window of unacknowledged publishes per connection, and
// reports publish→PUBACK latency (= publish → committed, as the ingest acks after commit).
// It speaks MQTT 3.1.1 itself (CONNECT, PUBLISH QoS 1, PUBACK, DISCONNECT) over raw sockets
// with the payloads built before the clock starts, like the DC-09 load generator: the load
// generator shares this 2-core machine with the receiver, and mqtt.js spent 17 ms of CPU per
// 1,000 publishes that the receiver then did not have.
// Args: url connections perConnection window campusId deviceId...

const [url = "", connArg = "4", perArg = "25000", windowArg = "500", campusId = "bench", ...devices] = process.argv.slice(2);
const connections = Number(connArg);
const perConnection = Number(perArg);
const windowSize = Number(windowArg);
const { hostname, port } = new URL(url);

/** MQTT 3.1.1 §2.2.3 remaining length: 7 bits a byte, high bit = more. */
function remainingLength(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return out;
}

const utf8 = (s: string) => {
  const b = Buffer.from(s, "utf8");
  return Buffer.concat([Buffer.from([b.length >> 8, b.length & 0xff]), b]);
};

function connectPacket(clientId: string): Buffer {
  // §3.1: protocol name "MQTT", level 4, flags 0x02 (clean session), keep-alive 60 s.
  const body = Buffer.concat([utf8("MQTT"), Buffer.from([4, 0x02, 0, 60]), utf8(clientId)]);
  return Buffer.concat([Buffer.from([0x10, ...remainingLength(body.length)]), body]);
}

/** §3.3: PUBLISH, QoS 1 (0x32), topic, packet id, payload. */
function publishPacket(topic: Buffer, packetId: number, payload: Buffer): Buffer {
  const len = topic.length + 2 + payload.length;
  return Buffer.concat([Buffer.from([0x32, ...remainingLength(len)]), topic, Buffer.from([packetId >> 8, packetId & 0xff]), payload]);
}

function packetsFor(index: number): Buffer[] {
  const at = Date.parse("2026-03-02T00:00:00Z");
  const topics = new Map<string, Buffer>();
  return Array.from({ length: perConnection }, (_, n) => {
    const device = devices[(index + n) % devices.length]!;
    let topic = topics.get(device);
    if (!topic) topics.set(device, (topic = utf8(mqttTopic(campusId, "access", device, "access.event"))));
    const payload = Buffer.from(JSON.stringify(accessEvent({
      at: new Date(at + n), serialNo: index * 10_000_000 + n, outcome: "granted", cardNo: String(100000 + (n % 5000)), direction: "in",
    })));
    return publishPacket(topic, (n % 65535) + 1, payload);
  });
}

function open(clientId: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: hostname, port: Number(port), noDelay: true }, () => s.write(connectPacket(clientId)));
    s.once("error", reject);
    s.once("data", (b: Buffer) => {
      // §3.2: CONNACK 0x20 0x02, flags, return code 0 = accepted.
      if (b[0] !== 0x20 || b[3] !== 0) reject(new Error(`connection refused: ${b.toString("hex")}`));
      else resolve(s);
    });
  });
}

async function runConnection(index: number, packets: Buffer[], latenciesMs: Float64Array, offset: number): Promise<void> {
  const sock = await open(`bench-${process.pid}-${index}`);
  const sentAtByPacketId = new Float64Array(65536);
  let sent = 0;
  let acked = 0;
  await new Promise<void>((resolve, reject) => {
    const pump = () => {
      sock.cork();
      while (sent < perConnection && sent - acked < windowSize) {
        sentAtByPacketId[(sent % 65535) + 1] = performance.now();
        sock.write(packets[sent++]!);
      }
      process.nextTick(() => sock.uncork());
    };
    let pending: Buffer = Buffer.alloc(0);
    sock.on("data", (b: Buffer) => {
      pending = pending.length ? Buffer.concat([pending, b]) : b;
      let i = 0;
      const now = performance.now();
      // Once connected the broker sends only PUBACKs (§3.4: 0x40 0x02, packet id).
      for (; i + 4 <= pending.length; i += 4) {
        if (pending[i] !== 0x40 || pending[i + 1] !== 0x02) return reject(new Error(`unexpected packet 0x${pending[i]!.toString(16)}`));
        latenciesMs[offset + acked++] = now - sentAtByPacketId[pending.readUInt16BE(i + 2)]!;
      }
      pending = pending.subarray(i);
      if (acked === perConnection) resolve();
      else pump();
    });
    sock.once("error", reject);
    sock.once("close", () => acked < perConnection && reject(new Error(`connection ${index} closed after ${acked} PUBACKs`)));
    pump();
  });
  sock.end(Buffer.from([0xe0, 0x00])); // §3.14 DISCONNECT
}

const total = connections * perConnection;
const packets = Array.from({ length: connections }, (_, i) => packetsFor(i));
const latenciesMs = new Float64Array(total);
const t0 = performance.now();
const cpu0 = process.cpuUsage();
await Promise.all(packets.map((p, i) => runConnection(i, p, latenciesMs, i * perConnection)));
const elapsedMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
latenciesMs.sort();
const p99Ms = latenciesMs[Math.min(total - 1, Math.floor(total * 0.99))]!;
process.send?.({ total, elapsedMs, p99Ms, p50Ms: latenciesMs[Math.floor(total * 0.5)]!, cpuMs: (cpu.user + cpu.system) / 1000 });
