import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, createConnection } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { eventually, startMqttRig, type MqttRig } from "./mqtt-support";

// The ingest as a client of Debian's Mosquitto (MQTT_URL mode), fed by `mosquitto_pub`, a
// publisher nobody here wrote. Mosquitto is a hard requirement of this suite: when it is
// missing the test fails and says how to install it.

const MOSQUITTO = "/usr/sbin/mosquitto";
const MOSQUITTO_PUB = "/usr/bin/mosquitto_pub";

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const addr = srv.address();
  await new Promise<void>((r) => srv.close(() => r()));
  if (!addr || typeof addr === "string") throw new Error("no port");
  return addr.port;
}

async function waitForPort(port: number, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = createConnection({ port, host: "127.0.0.1" }, () => { s.destroy(); resolve(true); });
      s.on("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`mosquitto did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function pub(port: number, topic: string, message: string): void {
  const r = spawnSync(MOSQUITTO_PUB, ["-h", "127.0.0.1", "-p", String(port), "-q", "1", "-i", "field-controller", "-t", topic, "-m", message], { encoding: "utf8", timeout: 10_000 });
  assert.equal(r.status, 0, `mosquitto_pub failed: ${r.stderr}`);
}

describe("MQTT ingest with an external Mosquitto broker", () => {
  let broker: ChildProcess;
  let dir: string;
  let port: number;
  let rig: MqttRig;
  before(async () => {
    for (const bin of [MOSQUITTO, MOSQUITTO_PUB]) {
      assert.ok(existsSync(bin), `${bin} is missing: install it with "apt-get install -y mosquitto mosquitto-clients"`);
    }
    dir = mkdtempSync(join(tmpdir(), "campustwin-mosquitto-"));
    port = await freePort();
    writeFileSync(join(dir, "mosquitto.conf"), `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\nlog_dest stderr\nlog_type error\n`);
    broker = spawn(MOSQUITTO, ["-c", join(dir, "mosquitto.conf")], { stdio: ["ignore", "ignore", "pipe"] });
    await waitForPort(port);
    rig = await startMqttRig({ url: `mqtt://127.0.0.1:${port}`, connections: 2 });
  });
  after(async () => {
    await rig?.close();
    broker?.kill("SIGTERM");
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("stores an access event that mosquitto_pub delivers", async () => {
    const message = '{"v":1,"type":"access.event","time":"2026-03-02T08:15:00+08:00","serialNo":4711,"major":5,"minor":1,"doorNo":1,"cardNo":"0012345678","employeeNo":"T1001","direction":"in"}';
    pub(port, "campus/fx/access/acc-01-0003/event", message);
    const [e] = await eventually(async () => { const got = await rig.events.since(0); return got.length ? got : null; });
    assert.equal(e!.kind, "access.granted");
    assert.equal(e!.deviceId, "fx-0003");
    assert.equal(e!.subject?.ref, "T1001");
    assert.equal(e!.occurredAt.toISOString(), "2026-03-02T00:15:00.000Z");
    assert.equal(e!.source.protocol, "mqtt");
  });

  it("dead-letters a bad payload and keeps the subscription", async () => {
    pub(port, "campus/fx/smoke/smk-01-0013/event", '{"v":2,"type":"smoke.event"}');
    pub(port, "campus/fx/smoke/smk-01-0013/event", '{"v":1,"type":"smoke.event","time":"2026-03-02T23:10:00+08:00","state":"alarm"}');
    const got = await eventually(async () => {
      const evs = await rig.events.since(0);
      return evs.some((x) => x.kind === "fire.smoke") ? evs : null;
    });
    assert.equal(got.filter((x) => x.kind === "fire.smoke").length, 1);
    const dead = await rig.tdb.db.prisma.deadLetter.findMany({ where: { protocol: "mqtt" } });
    assert.equal(dead.length, 1);
    assert.match(dead[0]!.reason, /^schema: v/);
  });
});
