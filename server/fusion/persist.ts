import type { FaultTicket } from "../contracts/fault";
import type { Incident } from "../contracts/incident";
import type { Db } from "../store/db";
import type { Effects } from "./effects";
import type { DerivedState } from "./state";
import type { DeviceState } from "./types";

// Writes what the API reads (Incident rows, their evidence links, fault tickets, Device.status)
// in one transaction per batch of applied events.

type PersistPart = {
  incidents: ReadonlyMap<string, { incident: Incident }>;
  incidentEvents: Effects["incidentEvents"];
  devices: ReadonlyMap<string, DeviceState>;
  faults: ReadonlyMap<string, FaultTicket>;
};

export async function persistEffects(db: Db, fx: PersistPart): Promise<void> {
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

/**
 * After a replay on start, the tables may lag the log: a crash or a failed commit between the
 * log commit and the table write. Rewrites every incident, ticket and device status whose row
 * differs from the replayed state — closed ones too, or an incident resolved just before a crash
 * would stay "acknowledged" in the table forever.
 */
export async function reconcileTables(db: Db, state: DerivedState): Promise<{ incidents: number; faults: number; devices: number }> {
  const fx = { incidents: new Map<string, { incident: Incident }>(), incidentEvents: [], devices: new Map<string, DeviceState>(), faults: new Map<string, FaultTicket>() };
  const incidentRows = new Map((await db.prisma.incident.findMany()).map((r) => [r.id, r as Record<string, unknown>]));
  for (const i of state.incidentBook.list({})) {
    if (!sameRow(incidentRows.get(i.id), incidentRow(i))) fx.incidents.set(i.id, { incident: i });
  }
  const faultRows = new Map((await db.prisma.faultTicket.findMany()).map((r) => [r.id, r as Record<string, unknown>]));
  for (const t of state.faultBook.list({})) {
    if (!sameRow(faultRows.get(t.id), faultRow(t))) fx.faults.set(t.id, t);
  }
  const deviceRows = new Map((await db.prisma.device.findMany({ select: { id: true, status: true, statusAt: true } })).map((r) => [r.id, r]));
  for (const d of state.devices()) {
    const row = deviceRows.get(d.deviceId);
    if (!row) continue; // an event from a device not in the registry: nothing to write
    if (row.status !== d.status || (d.statusAt.getTime() > 0 && row.statusAt.getTime() !== d.statusAt.getTime())) fx.devices.set(d.deviceId, d);
  }
  await persistEffects(db, fx);
  return { incidents: fx.incidents.size, faults: fx.faults.size, devices: fx.devices.size };
}

function sameRow(row: Record<string, unknown> | undefined, want: Record<string, unknown>): boolean {
  if (!row) return false;
  return Object.entries(want).every(([k, v]) => comparable(row[k]) === comparable(v));
}

const comparable = (v: unknown): unknown => (v instanceof Date ? v.getTime() : v ?? null);
