import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { createDb } from "../../server/store/db";
import { startServer } from "../support/server";

// `npm start` runs the campus's simulated hardware against the server's own listeners:
// DC-09 panels, GB/T 28181 cameras and GA/T 1400 capture cameras come online over their real
// protocols, and the population model publishes MQTT device traffic.

describe("simulated campus at start-up (SIMULATE=1)", () => {
  it("brings every protocol's devices online and makes the campus live", async () => {
    const server = await startServer({ WEB: "0", SIMULATE: "1", CAMPUS_SIZE: "small" });
    const db = createDb(`file:${join(server.dataDir, "campustwin.db")}`);
    try {
      // GB/T 28181 and GA/T 1400 registrations are events; DC-09 panels announce themselves with
      // NULL link tests, which the receiver ACKs and counts (they are not events).
      const wanted = ["gb28181", "gat1400"];
      let online: Record<string, number> = {};
      for (let i = 0; i < 150; i++) {
        const rows = await db.prisma.event.findMany({ where: { kind: "device.online" }, select: { sourceJson: true } });
        online = {};
        for (const r of rows) {
          const protocol = (JSON.parse(r.sourceJson) as { protocol: string }).protocol;
          online[protocol] = (online[protocol] ?? 0) + 1;
        }
        if (wanted.every((p) => (online[p] ?? 0) > 0)) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      for (const p of wanted) assert.ok((online[p] ?? 0) > 0, `${p} devices came online (${JSON.stringify(online)})`);
      const metrics = await (await fetch(`${server.baseUrl}/metrics`)).text();
      const acks = [...metrics.matchAll(/^campustwin_dc09_replies_total\{[^}]*ACK[^}]*\} (\d+)/gm)].reduce((n, m) => n + Number(m[1]), 0);
      const panels = await db.prisma.device.count({ where: { kind: { in: ["alarm_panel", "fence_host"] } } });
      assert.ok(acks >= panels, `every DC-09 panel and fence host was ACKed (${acks} ACKs, ${panels} panels)`);
      const cameras = await db.prisma.device.count({ where: { protocol: "gb28181" } });
      assert.equal(online.gb28181, cameras, "every GB/T 28181 camera registered");
      const refused = await db.prisma.deadLetter.count();
      assert.equal(refused, 0, "simulated devices speak their protocols correctly");
    } finally {
      await db.close();
      assert.equal(await server.stop(), 0);
    }
  });
});
