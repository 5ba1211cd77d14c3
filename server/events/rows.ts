import { ZNewCampusEvent, type CampusEvent, type NewCampusEvent } from "../contracts/event";
import type { Event as EventRow } from "../store/generated/client";

// Mapping between the canonical CampusEvent and its row in the append-only `Event` table.

export type EventInsert = Omit<EventRow, "seq">;

/** A validated event ready to store: its row, and the event it becomes once `seq` is known. */
export interface PreparedEvent {
  row: EventInsert;
  event: Omit<CampusEvent, "seq">;
}

export function prepareEvent(input: NewCampusEvent, receivedAt: Date): PreparedEvent {
  const e = ZNewCampusEvent.parse(input);
  return { row: rowOf(e, receivedAt), event: { ...e, receivedAt } };
}

function rowOf(e: ReturnType<typeof ZNewCampusEvent.parse>, receivedAt: Date): EventInsert {
  return {
    id: e.id,
    campusId: e.campusId,
    kind: e.kind,
    severity: e.severity,
    occurredAt: e.occurredAt,
    receivedAt,
    deviceId: e.deviceId,
    xM: e.location?.xM ?? null,
    yM: e.location?.yM ?? null,
    floor: e.location ? e.location.floor : null,
    subjectJson: e.subject ? JSON.stringify(e.subject) : null,
    sourceJson: JSON.stringify(e.source),
    dataJson: JSON.stringify(e.data),
  };
}

export function fromEventRow(row: EventRow): CampusEvent {
  return {
    seq: row.seq,
    id: row.id,
    campusId: row.campusId,
    kind: row.kind,
    severity: row.severity,
    occurredAt: row.occurredAt,
    receivedAt: row.receivedAt,
    deviceId: row.deviceId,
    location: row.xM === null || row.yM === null ? null : { xM: row.xM, yM: row.yM, floor: row.floor ?? 0 },
    subject: row.subjectJson ? JSON.parse(row.subjectJson) : null,
    source: JSON.parse(row.sourceJson),
    data: JSON.parse(row.dataJson),
  };
}
