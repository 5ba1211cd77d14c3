import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import mqtt from "mqtt";
import { mqttTopic } from "../../server/contracts/mqtt";
import { accessEvent, densityCount, electricReading, patrolCheckin, smokeEvent } from "../../simulators/mqtt/payloads";
import { connectMqttDevice, type MqttDevicePublisher } from "../../simulators/mqtt/publisher";
import { startMqttRig, type MqttRig } from "./mqtt-support";

const AT = new Date("2026-03-02T01:00:00Z");

describe("MQTT ingest, embedded broker", () => {
  let rig: MqttRig;
  let dev: MqttDevicePublisher;
  before(async () => {
    rig = await startMqttRig();
    dev = await connectMqttDevice({ url: `mqtt://127.0.0.1:${rig.ingest.ports.mqtt}` });
  });
  after(async () => {
    await dev.close();
    await rig.close();
  });

  it("stores an access event by the time the PUBACK arrives, with device, campus and location", async () => {
    await dev.send(rig.campusId, "access", "acc-01-0003", accessEvent({ at: AT, serialNo: 1, outcome: "granted", cardNo: "3001", employeeNo: "S2026001", direction: "in" }));
    const [e] = await rig.events.since(0); // no waiting: PUBACK came after the commit
    assert.ok(e);
    assert.equal(e.kind, "access.granted");
    assert.equal(e.campusId, "fx");
    assert.equal(e.deviceId, "fx-0003");
    assert.deepEqual(e.location, { xM: 90, yM: 200, floor: 0 });
    assert.equal(e.subject?.ref, "S2026001");
    assert.equal(e.data.cardNo, "3001");
    assert.equal(e.occurredAt.toISOString(), AT.toISOString());
  });

  it("maps every family to its canonical kind", async () => {
    const before = await rig.events.lastSeq();
    await dev.send("fx", "access", "acc-01-0001", accessEvent({ at: AT, serialNo: 2, outcome: "forced" }));
    await dev.send("fx", "access", "acc-01-0001", accessEvent({ at: AT, serialNo: 3, outcome: "denied", cardNo: "9" }));
    await dev.send("fx", "density", "den-01-0005", densityCount({ at: AT, count: 250, areaM2: 100 }));
    await dev.send("fx", "patrol", "pat-01-0009", patrolCheckin({ at: AT, guardId: "G01", order: 1 }));
    await dev.send("fx", "smoke", "smk-01-0013", smokeEvent(AT, "alarm", 4.2));
    await dev.send("fx", "electric", "efm-01-0014", electricReading({ at: AT, residualCurrentMa: 520, temperatureC: 41 }));
    const got = await rig.events.since(before);
    assert.deepEqual(got.map((e) => e.kind), ["access.forced", "access.denied", "density.sample", "patrol.checkin", "fire.smoke", "electric.alarm"]);
    assert.equal(got[2]!.data.perM2, 2.5);
    assert.equal(got[2]!.data.zoneId, "fx-z-stairs-t1");
    assert.equal(got[5]!.data.alarm, "residual_current");
  });

  it("stores a QoS-1 redelivery once", async () => {
    const payload = JSON.stringify(accessEvent({ at: AT, serialNo: 77, outcome: "granted", cardNo: "77" }));
    const topic = mqttTopic("fx", "access", "acc-01-0002", "access.event");
    const before = await rig.events.lastSeq();
    await dev.sendRaw(topic, payload);
    // A second client with the same bytes and the DUP flag: what a controller does after a lost PUBACK.
    const other = await mqtt.connectAsync(`mqtt://127.0.0.1:${rig.ingest.ports.mqtt}`, { clientId: "redeliver" });
    await other.publishAsync(topic, payload, { qos: 1, dup: true });
    await other.endAsync();
    const got = await rig.events.since(before);
    assert.equal(got.length, 1);
    assert.equal(rig.metrics.render().includes("campustwin_mqtt_duplicates_total 1"), true);
  });

  it("dead-letters malformed JSON, schema-invalid payloads and unknown devices, and keeps going", async () => {
    const before = await rig.events.lastSeq();
    await dev.sendRaw(mqttTopic("fx", "access", "acc-01-0001", "access.event"), "{not json");
    await dev.sendRaw(mqttTopic("fx", "access", "acc-01-0001", "access.event"), JSON.stringify({ v: 1, type: "access.event", time: "yesterday" }));
    await dev.send("fx", "access", "acc-01-9999", accessEvent({ at: AT, serialNo: 5, outcome: "granted" }));
    await dev.sendRaw("campus/fx/access/acc-01-0001", "{}");
    await dev.send("fx", "access", "acc-01-0004", accessEvent({ at: AT, serialNo: 6, outcome: "held_open" }));
    const dead = await rig.tdb.db.prisma.deadLetter.findMany({ where: { protocol: "mqtt" }, orderBy: { id: "asc" } });
    assert.deepEqual(dead.map((d) => d.reason.split(":")[0]), ["json", "schema", "unknown_device", "topic"]);
    assert.match(dead[1]!.reason, /time/);
    const got = await rig.events.since(before);
    assert.deepEqual(got.map((e) => e.kind), ["access.held_open"]);
    const text = rig.metrics.render();
    assert.match(text, /campustwin_mqtt_refused_total\{reason="json"\} 1/);
    assert.match(text, /campustwin_mqtt_refused_total\{reason="unknown_device"\} 1/);
  });

  it("refuses a payload published on another family's topic", async () => {
    await dev.sendRaw(mqttTopic("fx", "density", "smk-01-0013", "density.count"), JSON.stringify(densityCount({ at: AT, count: 1, areaM2: 1 })));
    const dead = await rig.tdb.db.prisma.deadLetter.findMany({ where: { reason: { startsWith: "campus_mismatch" } } });
    assert.equal(dead.length, 1);
  });
});

describe("MQTT ingest, embedded broker with device logins", () => {
  let rig: MqttRig;
  before(async () => {
    rig = await startMqttRig({
      credentials: [
        { username: "ctl-dorm", password: "s3cret", devices: ["acc-01-0001"] },
        { username: "gateway", password: "gw-pass", devices: ["*"] },
      ],
    });
  });
  after(() => rig.close());

  it("refuses a wrong password with CONNACK 4", async () => {
    await assert.rejects(
      mqtt.connectAsync(`mqtt://127.0.0.1:${rig.ingest.ports.mqtt}`, { username: "ctl-dorm", password: "wrong", reconnectPeriod: 0 }),
      /Bad username or password/,
    );
    assert.match(rig.metrics.render(), /campustwin_mqtt_auth_failures_total 1/);
  });

  it("accepts the controller for its own door and dead-letters a door it does not own", async () => {
    const dev = await connectMqttDevice({ url: `mqtt://127.0.0.1:${rig.ingest.ports.mqtt}`, username: "ctl-dorm", password: "s3cret" });
    await dev.send("fx", "access", "acc-01-0001", accessEvent({ at: AT, serialNo: 1, outcome: "granted" }));
    await dev.send("fx", "access", "acc-01-0002", accessEvent({ at: AT, serialNo: 2, outcome: "granted" }));
    await dev.close();
    const got = await rig.events.since(0);
    assert.deepEqual(got.map((e) => e.deviceId), ["fx-0001"]);
    const dead = await rig.tdb.db.prisma.deadLetter.findMany();
    assert.equal(dead.length, 1);
    assert.match(dead[0]!.reason, /^forbidden_topic/);
  });
});
