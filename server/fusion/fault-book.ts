import type { CampusEvent } from "../contracts/event";
import { ZFaultDeadline, type FaultDeadline, type FaultTicket } from "../contracts/fault";
import type { CampusIndex } from "./campus-index";
import { createWorkCalendar } from "./calendar";
import type { ResolvedConfig } from "./config";
import { systemEvent, toJson, type Effects } from "./effects";
import { FaultTicketClosedError, FaultTicketNotFoundError } from "./errors";
import { FAULTY } from "./device-status";
import { FUSION_EVENT_KINDS as K, type DeviceState } from "./types";

// Fault tickets. A device turning offline or faulty opens one (unless one is open);
// deadlines: maintainer notified ≤ 1 h, on site ≤ 2 h (4 h when the fault starts on a
// non-working day of the campus calendar), restored ≤ 24 h. A ticket closes when the device is
// back AND the visit is recorded. Deadline misses arrive as fault.escalated events (the timer in
// fusion.ts appends them), so a rebuild sees the same escalations.

export class FaultBook {
  private readonly tickets = new Map<string, FaultTicket>();
  private readonly openByDevice = new Map<string, string>();

  constructor(private readonly campuses: ReadonlyMap<string, CampusIndex>, private readonly config: ResolvedConfig) {}

  get(id: string): FaultTicket | undefined {
    const t = this.tickets.get(id);
    return t ? structuredClone(t) : undefined;
  }

  list(f: { campusId?: string | undefined; open?: boolean }): FaultTicket[] {
    const out: FaultTicket[] = [];
    for (const t of this.tickets.values()) {
      if (f.campusId && t.campusId !== f.campusId) continue;
      if (f.open !== undefined && f.open !== (t.state === "open")) continue;
      out.push(structuredClone(t));
    }
    return out.sort((a, b) => a.openedSeq - b.openedSeq);
  }

  openTicketOf(deviceId: string): FaultTicket | undefined {
    const id = this.openByDevice.get(deviceId);
    return id ? this.tickets.get(id) : undefined;
  }

  deviceFailed(e: CampusEvent, d: DeviceState, fx: Effects): void {
    const existing = this.openTicketOf(d.deviceId);
    if (existing) {
      // Failed again before the ticket closed: the same ticket, service not restored yet.
      existing.restoredAt = null;
      existing.updatedAt = e.receivedAt;
      this.changed(existing, "updated", e, fx);
      return;
    }
    const openedAt = e.receivedAt;
    const tz = this.campuses.get(d.campusId)?.timeZone ?? "Asia/Shanghai";
    const workingDay = createWorkCalendar(this.config.calendar, tz).isWorkingDay(openedAt);
    const plus = (ms: number) => new Date(openedAt.getTime() + ms);
    const t: FaultTicket = {
      id: `flt-${e.seq}`, campusId: d.campusId, deviceId: d.deviceId, cause: d.status === "offline" ? "offline" : "fault",
      state: "open", openedSeq: e.seq, openedAt, workingDay,
      notifyDueAt: plus(this.config.faultNotifyMs),
      onSiteDueAt: plus(workingDay ? this.config.faultOnSiteWorkdayMs : this.config.faultOnSiteHolidayMs),
      restoreDueAt: plus(this.config.faultRestoreMs),
      notifiedAt: null, notifiedBy: null, maintainer: null, visitAt: null, visitBy: null, visitNote: null,
      restoredAt: null, closedAt: null, escalations: [], updatedAt: openedAt,
    };
    this.tickets.set(t.id, t);
    this.openByDevice.set(d.deviceId, t.id);
    this.changed(t, "opened", e, fx);
    fx.outputs.push(systemEvent(`${K.faultOpened}:${t.id}`, e, K.faultOpened, 2, openedAt, { ticketId: t.id, ticket: toJson(t) }, d.deviceId));
  }

  deviceRecovered(e: CampusEvent, d: DeviceState, fx: Effects): void {
    const t = this.openTicketOf(d.deviceId);
    if (!t) return;
    t.restoredAt = e.receivedAt;
    t.updatedAt = e.receivedAt;
    this.closeIfDone(t, e, fx, d);
    if (t.state === "open") this.changed(t, "updated", e, fx);
  }

  /** fault.* commands: maintainer notified, visit recorded, deadline escalated. */
  command(e: CampusEvent, fx: Effects, device: DeviceState | undefined): void {
    try {
      const id = String(e.data.ticketId ?? "");
      const t = this.tickets.get(id);
      if (!t) throw new FaultTicketNotFoundError(id);
      if (t.state === "closed") throw new FaultTicketClosedError(id);
      const actor = String(e.data.actor ?? "system");
      if (e.kind === K.faultNotified) {
        Object.assign(t, { notifiedAt: e.occurredAt, notifiedBy: actor, maintainer: String(e.data.maintainer ?? ""), updatedAt: e.occurredAt });
        this.changed(t, "updated", e, fx);
      } else if (e.kind === K.faultVisit) {
        Object.assign(t, { visitAt: e.occurredAt, visitBy: actor, visitNote: typeof e.data.note === "string" ? e.data.note : null, updatedAt: e.occurredAt });
        this.closeIfDone(t, e, fx, device);
        if (t.state === "open") this.changed(t, "updated", e, fx);
      } else if (e.kind === K.faultEscalated) {
        const parsed = ZFaultDeadline.safeParse(e.data.deadline);
        if (!parsed.success) return;
        const deadline = parsed.data;
        if (t.escalations.some((x) => x.deadline === deadline)) return;
        t.escalations.push({ deadline, dueAt: dueOf(t, deadline), at: e.occurredAt, seq: e.seq });
        t.updatedAt = e.occurredAt;
        this.changed(t, "escalated", e, fx);
        fx.notifications.push({
          id: `${K.faultEscalated}:${t.id}:${deadline}:maintainer`, campusId: t.campusId, recipient: "maintainer", topic: K.faultEscalated,
          severity: 2, title: `设备故障超时（${deadline}）：${t.deviceId}`, incident: null, data: { ticket: toJson(t), deadline },
          createdAt: e.occurredAt.toISOString(),
        });
      }
      fx.commandResults.set(e.id, null);
    } catch (err) {
      if (!(err instanceof Error)) throw err;
      fx.commandResults.set(e.id, err);
    }
  }

  /** Deadlines missed at `now` and not escalated yet. */
  missedDeadlines(now: Date): Array<{ ticket: FaultTicket; deadline: FaultDeadline }> {
    const out: Array<{ ticket: FaultTicket; deadline: FaultDeadline }> = [];
    for (const id of this.openByDevice.values()) {
      const t = this.tickets.get(id)!;
      const done = new Set(t.escalations.map((x) => x.deadline));
      const check = (deadline: FaultDeadline, met: Date | null) => {
        if (!met && !done.has(deadline) && dueOf(t, deadline) < now) out.push({ ticket: structuredClone(t), deadline });
      };
      check("notify", t.notifiedAt);
      check("on_site", t.visitAt);
      check("restore", t.restoredAt);
    }
    return out;
  }

  private closeIfDone(t: FaultTicket, e: CampusEvent, fx: Effects, device: DeviceState | undefined): void {
    const deviceOk = device ? !FAULTY.has(device.status) : t.restoredAt !== null;
    if (!t.restoredAt || !t.visitAt || !deviceOk) return;
    t.state = "closed";
    t.closedAt = e.occurredAt > t.restoredAt ? e.occurredAt : t.restoredAt;
    t.updatedAt = t.closedAt;
    this.openByDevice.delete(t.deviceId);
    this.changed(t, "closed", e, fx);
    fx.outputs.push(systemEvent(`${K.faultClosed}:${t.id}`, e, K.faultClosed, 0, t.closedAt, { ticketId: t.id, ticket: toJson(t) }, t.deviceId));
  }

  private changed(t: FaultTicket, change: "opened" | "updated" | "escalated" | "closed", e: CampusEvent, fx: Effects): void {
    const copy = structuredClone(t);
    fx.faults.set(t.id, copy);
    fx.stateChanges.push({ type: "fault", campusId: t.campusId, ticket: copy, change, seq: e.seq });
  }
}

function dueOf(t: FaultTicket, d: FaultDeadline): Date {
  return d === "notify" ? t.notifyDueAt : d === "on_site" ? t.onSiteDueAt : t.restoreDueAt;
}
