import { deviceToRow } from "../../server/campus/persist";
import type { Device } from "../../server/contracts/campus";
import { createEventLog } from "../../server/events/log";
import type { IngestDeps } from "../../server/ingest/types";
import { createDeadLetters } from "../../server/observability/dead-letters";
import { silentLogger } from "../../server/observability/logger";
import { createMetrics } from "../../server/observability/metrics";
import type { Db } from "../../server/store/db";

// A small campus with DC-09 devices, for the DC-09 tests, the crash-test server process and
// the ingest benchmark. Accounts follow the campus generator's convention: `attrs.account`
// on panels / fence hosts / panic buttons, `attrs.zone` on detectors and fence segments.

export const CAMPUS_ID = "dc09-test-campus";
export const PANEL = { account: "1234", deviceId: "panel-1234", detectorZone: 15, detectorId: "pir-1234-15" };
export const FENCE = { account: "5678", deviceId: "fencehost-5678", segmentZone: 3, segmentId: "fence-5678-03" };
export const BUTTON = { account: "9999", deviceId: "panic-9999" };
export const AES_ACCOUNT = { account: "ABC1", deviceId: "panel-abc1" };
/** Extra panels for bursts: accounts B0000, B0001, … */
export const burstAccount = (i: number) => `B${i.toString(16).toUpperCase().padStart(4, "0")}`;

const device = (over: Partial<Device> & Pick<Device, "id" | "kind">): Device => ({
  protocol: "dc09", externalId: over.id, name: over.id, buildingId: null, floor: 0, position: [0, 0, 0],
  optics: null, polyline: null, parentId: null, model: null, manufacturer: null, status: "online", attrs: {}, ...over,
});

export async function seedDc09Campus(db: Db, opts: { burstPanels?: number } = {}): Promise<void> {
  await db.prisma.campus.create({ data: { id: CAMPUS_ID, name: "DC-09 test campus", originLat: 31.2, originLon: 121.4, boundaryJson: "[]" } });
  const devices: Device[] = [
    device({ id: PANEL.deviceId, kind: "alarm_panel", floor: 1, position: [10, 20, 3], attrs: { account: PANEL.account } }),
    device({ id: PANEL.detectorId, kind: "intrusion_detector", floor: 2, position: [11, 22, 6], parentId: PANEL.deviceId, attrs: { zone: PANEL.detectorZone } }),
    device({ id: FENCE.deviceId, kind: "fence_host", position: [100, 0, 0], attrs: { account: FENCE.account } }),
    device({ id: FENCE.segmentId, kind: "fence_segment", position: [120, 5, 0], parentId: FENCE.deviceId, attrs: { zone: FENCE.segmentZone } }),
    device({ id: BUTTON.deviceId, kind: "panic_button", position: [-5, 7, 0], attrs: { account: BUTTON.account } }),
    device({ id: AES_ACCOUNT.deviceId, kind: "alarm_panel", position: [1, 1, 0], attrs: { account: AES_ACCOUNT.account.toLowerCase() } }),
  ];
  for (let i = 0; i < (opts.burstPanels ?? 0); i++) {
    devices.push(device({ id: `panel-burst-${i}`, kind: "alarm_panel", position: [i, i, 0], attrs: { account: burstAccount(i) } }));
  }
  for (let i = 0; i < devices.length; i += 500) {
    await db.prisma.device.createMany({ data: devices.slice(i, i + 500).map((d) => deviceToRow(CAMPUS_ID, d)) });
  }
}

export function buildDeps(db: Db, now?: () => Date): IngestDeps & { close(): Promise<void> } {
  const metrics = createMetrics();
  const events = createEventLog(db, now ? { now } : {});
  return {
    db, events, metrics, logger: silentLogger, deadLetters: createDeadLetters(db, metrics), ...(now ? { now } : {}),
    close: () => events.close(),
  };
}
