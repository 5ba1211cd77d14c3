import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { createSocket } from "node:dgram";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { PLATFORM_ID, REALM, startRig, type Rig } from "./gb28181-support";

// A client no one here wrote: Debian's SIPp (package sip-tester) registers against the platform
// with digest auth and sends a MANSCDP keepalive (test/sipp/register-keepalive.xml). CI installs
// sipp; when it is missing this test fails, it does not skip.

const SCENARIO = new URL("../sipp/register-keepalive.xml", import.meta.url).pathname;
// The scenario carries the device's credentials ([authentication username=… password=…]).
const AUTH = /\[authentication username=(\d{20}) password=(\S+?)\]/.exec(readFileSync(SCENARIO, "utf8"));
const [DEVICE_ID, DEVICE_PASSWORD] = [AUTH?.[1] ?? "", AUTH?.[2] ?? ""];

async function freeUdpPort(): Promise<number> {
  const s = createSocket("udp4");
  await new Promise<void>((r) => s.bind(0, "127.0.0.1", () => r()));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function runSipp(args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("sipp", args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

describe("SIPp registers and keeps alive against the GB/T 28181 platform", () => {
  let rig: Rig;
  let dir: string;
  before(async () => {
    assert.ok(AUTH, `${SCENARIO} lacks [authentication username=<20 digits> password=…]`);
    rig = await startRig({ passwords: { [DEVICE_ID]: DEVICE_PASSWORD } });
    dir = mkdtempSync(join(tmpdir(), "campustwin-sipp-"));
  });
  after(async () => {
    await rig.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("exits 0 after REGISTER/401/REGISTER/200 and Keepalive/200, and the device is online", async () => {
    const probe = spawnSync("sipp", ["-v"], { encoding: "utf8" });
    assert.ok(!probe.error, "sipp is not installed: apt-get install sip-tester (Debian package providing /usr/bin/sipp)");
    const clientPort = await freeUdpPort();
    const { code, output } = await runSipp([
      `127.0.0.1:${rig.port}`, "-sf", SCENARIO, "-m", "1", "-timeout", "20s", "-timeout_error",
      "-p", String(clientPort), "-i", "127.0.0.1", "-s", DEVICE_ID,
      "-key", "platform", PLATFORM_ID, "-key", "realm", REALM, "-nostdin", "-trace_err",
    ], dir);
    assert.equal(code, 0, `sipp exited ${code}:\n${output.slice(-2000)}`);
    const device = rig.running.device(DEVICE_ID);
    assert.equal(device?.registered, true);
    assert.equal(device?.online, true);
    assert.equal(device?.port, clientPort);
    const kinds = (await rig.events.since(0)).filter((e) => e.data.gbDeviceId === DEVICE_ID).map((e) => e.kind);
    assert.deepEqual(kinds, ["device.online"]);
  });
});
