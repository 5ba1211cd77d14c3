import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError, databaseUrl, loadEnv, parseFlags } from "../../server/env";

describe("configuration", () => {
  it("has embedded defaults", () => {
    const env = loadEnv({}, []);
    assert.equal(env.PORT, 3000);
    assert.equal(env.DC09_PORT, 9000);
    assert.equal(env.SIP_PORT, 5060);
    assert.equal(env.GAT1400_PORT, 8400);
    assert.equal(env.MQTT_PORT, 1883);
    assert.equal(env.SIMULATE, true);
    assert.equal(databaseUrl(env), "file:./data/campustwin.db");
  });

  it("takes flags over environment, and port 0", () => {
    const env = loadEnv({ PORT: "4000", SIMULATE: "1" }, ["--port", "0", "--dc09-port=9100", "--simulate", "0"]);
    assert.equal(env.PORT, 0);
    assert.equal(env.DC09_PORT, 9100);
    assert.equal(env.SIMULATE, false);
    assert.deepEqual(parseFlags(["--web"]), { WEB: "1" });
  });

  for (const [name, source, argv, message] of [
    ["a port out of range", { PORT: "70000" }, [], /PORT: must be 0\.\.65535/],
    ["a non-numeric port", { SIP_PORT: "sip" }, [], /SIP_PORT/],
    ["an unknown database URL", { DATABASE_URL: "mysql://x" }, [], /DATABASE_URL: must start with file: or postgres/],
    ["an unknown flag", {}, ["--prot", "3000"], /Unknown flag --prot/],
    ["a stray argument", {}, ["3000"], /Unexpected argument "3000"/],
    ["a bad SIMULATE", { SIMULATE: "maybe" }, [], /SIMULATE/],
    ["webhooks without a signing secret", { NOTIFY_WEBHOOKS: "police=http://127.0.0.1:9/hook" }, [], /NOTIFY_SECRET: required/],
    ["a webhook for an unknown recipient format", { NOTIFY_WEBHOOKS: "police:http://x" }, [], /NOTIFY_WEBHOOKS/],
  ] as const) {
    it(`refuses ${name} with a clear message`, () => {
      assert.throws(() => loadEnv(source, argv), (e: unknown) => e instanceof ConfigError && message.test(e.message));
    });
  }
});
