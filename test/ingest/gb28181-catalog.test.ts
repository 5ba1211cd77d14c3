import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { runGb28181Cli } from "../../simulators/gb28181/cli";
import { createGb28181Device, type Gb28181Device } from "../../simulators/gb28181/device";
import { CAMPUS, eventually, PASSWORD, PLATFORM_ID, REALM, startRig, type Rig } from "./gb28181-support";

// The simulator against the platform over real sockets: Catalog paging builds the device
// registry, DeviceStatus/DeviceInfo queries, alarms, silence → offline, wrong password → 403.
// Runs on SQLite, and on PostgreSQL when TEST_DATABASE_URL points there.

const NVR_ID = "34020000001180000001";

function nvr(rig: Rig, over: Partial<Parameters<typeof createGb28181Device>[0]> = {}): Gb28181Device {
  return createGb28181Device({
    serverHost: "127.0.0.1", serverPort: rig.port, deviceId: NVR_ID, password: PASSWORD, serverId: PLATFORM_ID, realm: REALM,
    channels: 25, catalogPageSize: 10, keepaliveIntervalS: 60, t1Ms: 100, ...over,
  });
}

for (const transport of ["udp", "tcp"] as const) {
  describe(`GB/T 28181 NVR simulator over ${transport}`, () => {
    let rig: Rig;
    let dev: Gb28181Device;
    before(async () => {
      rig = await startRig();
      // A camera the campus model already placed: the catalog must update it, not duplicate it.
      await rig.t.db.prisma.device.create({
        data: {
          id: "cam-gate-1", campusId: CAMPUS.id, kind: "camera", protocol: "gb28181", externalId: "34020000001310001003",
          name: "Main gate cam", xM: 12, yM: 34, zM: 5, status: "offline",
        },
      });
      dev = nvr(rig, {
        transport,
        channelLonLat: (i) => (i === 0 ? [CAMPUS.originLon + 0.001, CAMPUS.originLat + 0.001] : null),
      });
    });
    after(async () => {
      await dev.stop();
      await rig.close();
    });

    it("registers with digest auth and pages a 25-channel catalog into 25 camera rows", async () => {
      assert.equal(await dev.start(), 200);
      const rows = await eventually(async () => {
        const r = await rig.t.db.prisma.device.findMany({ where: { campusId: CAMPUS.id, kind: "camera" } });
        return r.length === 25 ? r : null;
      }, 10_000);
      assert.deepEqual(new Set(rows.map((r) => r.externalId)), new Set(dev.channelIds));
      const placed = rows.find((r) => r.id === "cam-gate-1")!;
      assert.equal(placed.name, "Camera 3");
      assert.deepEqual([placed.xM, placed.yM, placed.zM], [12, 34, 5], "a surveyed camera keeps its position");
      assert.equal(placed.status, "online");
      const first = rows.find((r) => r.externalId === dev.channelIds[0])!;
      // 0.001° east and north of the origin at 31.23° N ≈ 95.2 m east, 111.3 m north.
      assert.ok(Math.abs(first.xM - 95.2) < 1 && Math.abs(first.yM - 111.3) < 1, `placed at ${first.xM}, ${first.yM}`);
      const attrs = JSON.parse(first.attrsJson) as Record<string, unknown>;
      assert.equal(attrs.civilCode, "340200");
      assert.equal(attrs.gbParentId, NVR_ID);
      assert.equal(first.manufacturer, "CampusTwin");
    });

    it("answers DeviceStatus and DeviceInfo queries and records them", async () => {
      const status = await rig.running.queryDeviceStatus(NVR_ID);
      assert.equal(status.Online, "ONLINE");
      assert.equal(status.Result, "OK");
      const info = await rig.running.queryDeviceInfo(NVR_ID);
      assert.equal(info.Channel, "25");
      assert.deepEqual(rig.running.device(NVR_ID)?.status, status);
    });

    it("turns an Alarm notify into a canonical event on the channel's device row", async () => {
      assert.equal(await dev.sendAlarm({ channel: 2, method: 5, type: 5, priority: 1, description: "tripwire" }), 200);
      const events = await rig.events.since(0);
      const alarm = events.find((e) => e.kind === "behaviour.line_crossing");
      assert.ok(alarm, `kinds: ${events.map((e) => e.kind).join(",")}`);
      assert.equal(alarm.deviceId, "cam-gate-1");
      assert.equal(alarm.severity, 4);
      assert.deepEqual(alarm.location, { xM: 12, yM: 34, floor: 0 });
    });

    it("unregisters with Expires: 0: the device and its channels go offline", async () => {
      assert.equal(await dev.register(0), 200);
      assert.equal(rig.running.device(NVR_ID), null);
      const offline = (await rig.events.since(0)).filter((e) => e.kind === "device.offline");
      assert.equal(offline.length, 1);
      assert.equal(offline[0]!.data.reason, "unregister");
      assert.equal(await rig.t.db.prisma.device.count({ where: { status: "online" } }), 0);
    });
  });
}

describe("GB/T 28181 supervision", () => {
  let rig: Rig;
  before(async () => {
    rig = await startRig({ keepaliveIntervalS: 0.2, keepaliveTimeoutCount: 3 });
  });
  after(() => rig.close());

  it("marks a device offline after 3 missed keepalives and online again on the next one", async () => {
    const cam = createGb28181Device({
      serverHost: "127.0.0.1", serverPort: rig.port, deviceId: "34020000001320000009", password: PASSWORD,
      serverId: PLATFORM_ID, realm: REALM, keepaliveIntervalS: 0.1, t1Ms: 100,
    });
    try {
      assert.equal(await cam.start(), 200);
      assert.equal(rig.running.device(cam.deviceId)?.online, true);
      cam.setSilent(true);
      await eventually(() => rig.running.device(cam.deviceId)?.online === false, 5000);
      const kinds = await eventually(async () => {
        const k = (await rig.events.since(0)).map((e) => `${e.kind}:${String(e.data.reason)}`);
        return k.length >= 2 ? k : null;
      });
      assert.deepEqual(kinds, ["device.online:register", "device.offline:keepalive_timeout"]);
      assert.equal(await cam.sendKeepalive(), 200);
      assert.equal(rig.running.device(cam.deviceId)?.online, true);
      const last = (await rig.events.since(0)).at(-1)!;
      assert.equal(last.kind, "device.online");
      assert.equal(last.data.reason, "keepalive");
    } finally {
      await cam.stop();
    }
  });

  it("refuses a device with the wrong password (403) and keeps it unregistered", async () => {
    const cam = createGb28181Device({
      serverHost: "127.0.0.1", serverPort: rig.port, deviceId: "34020000001320000010", password: "wrong",
      serverId: PLATFORM_ID, realm: REALM, t1Ms: 100, retryDelayMs: 60_000,
    });
    try {
      assert.equal(await cam.start(), 403);
      assert.equal(rig.running.device(cam.deviceId), null);
      const dead = await eventually(async () => {
        const rows = await rig.t.db.prisma.deadLetter.findMany({ where: { protocol: "gb28181" } });
        return rows.some((d) => d.reason.startsWith("wrong_digest")) ? rows : null;
      });
      assert.equal(Buffer.from(dead[0]!.rawBase64, "base64").toString("latin1").split(" ")[0], "REGISTER");
    } finally {
      await cam.stop();
    }
  });

  it("runs from the CLI: registers an NVR whose channels land in the registry, then unregisters", async () => {
    const id = "34020000001180000042";
    const run = runGb28181Cli(["--server", `127.0.0.1:${rig.port}`, "--id", id, "--channels", "3", "--page-size", "2", "--password", PASSWORD, "--server-id", PLATFORM_ID, "--duration-s", "3"]);
    const rows = await eventually(async () => {
      const r = await rig.t.db.prisma.device.findMany({ where: { attrsJson: { contains: id } } });
      return r.length === 3 ? r : null;
    });
    assert.ok(rows.every((r) => r.kind === "camera" && r.protocol === "gb28181"));
    assert.equal(await run, 0);
    assert.equal(rig.running.device(id), null);
  });
});
