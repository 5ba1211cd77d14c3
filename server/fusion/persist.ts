import type { FaultTicket } from "../contracts/fault";
import type { Incident } from "../contracts/incident";
import type { Db } from "../store/db";
import type { Effects } from "./effects";
import type { DeviceState } from "./types";

// Writes what the API reads (Incident rows, their evidence links, fault tickets, Device.status)
// in one transaction per batch of applied events.

export async function persistEffects(db: Db, fx: Pick<Effects, "incidents" | "incidentEvents" | "devices" | "faults">): Promise<void> {
  if (fx.incidents.size === 0 && fx.incidentEvents.length === 0 && fx.devices.size === 0 && fx.faults.size === 0) return;
  await db.prisma.$transaction(async (tx) => {
    for (const { incident } of fx.incidents.values()) {
      const row = incidentRow(incident);
      await tx.incident.upsert({ where: { id: incident.id }, create: row, update: row });
    }
    if (fx.incidentEvents.length) {
      for (const l of fx.incidentEvents) {
        await tx.incidentEvent.upsert({
          where: { incidentId_seq: { incidentId: l.incidentId, seq: l.seq } },
          create: l, update: {},
        });
      }
    }
    for (const t of fx.faults.values()) {
      const row = faultRow(t);
      await tx.faultTicket.upsert({ where: { id: t.id }, create: row, update: row });
    }
    for (const d of fx.devices.values()) await writeDevice(tx, d);
  }, { timeout: 60_000, maxWait: 30_000 });
}

type Tx = Parameters<Parameters<Db["prisma"]["$transaction"]>[0]>[0];

async function writeDevice(tx: Tx, d: DeviceState): Promise<void> {
  await tx.device.updateMany({ where: { id: d.deviceId }, data: { status: d.status, statusAt: d.statusAt } });
}

export function incidentRow(i: Incident) {
  return {
    id: i.id, campusId: i.campusId, kind: i.kind, severity: i.severity, state: i.state, title: i.title,
    xM: i.location?.xM ?? null, yM: i.location?.yM ?? null, floor: i.location?.floor ?? null,
    openedSeq: i.openedSeq, openedAt: i.openedAt, updatedAt: i.updatedAt, closedAt: i.closedAt,
    camerasJson: JSON.stringify(i.cameras), historyJson: JSON.stringify(i.history),
    ruleId: i.ruleId, zoneId: i.zoneId, sopId: i.sopId, stepsJson: JSON.stringify(i.steps), notesJson: JSON.stringify(i.notes),
    deviceIdsJson: JSON.stringify({ deviceIds: i.deviceIds, eventSeqs: i.eventSeqs }), eventCount: i.eventCount, lastEventAt: i.lastEventAt,
  };
}

export function faultRow(t: FaultTicket) {
  const { escalations, ...rest } = t;
  return { ...rest, escalationsJson: JSON.stringify(escalations) };
}
