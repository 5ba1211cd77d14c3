import { randomUUID } from "node:crypto";
import { listCampuses, loadCampusModel } from "../campus/persist";
import type { CampusEvent } from "../contracts/event";
import type { FaultTicket } from "../contracts/fault";
import type { Incident } from "../contracts/incident";
import { createCampusIndex, type CampusIndex } from "./campus-index";
import { resolveConfig } from "./config";
import { emptyEffects, systemEvent, type Effects } from "./effects";
import { FaultTicketNotFoundError, IncidentNotFoundError } from "./errors";
import { createMetrics } from "../observability/metrics";
import { createCommitter } from "./committer";
import { reconcileTables } from "./persist";
import { LINKAGE_RULES } from "./rules/table";
import { DerivedState } from "./state";
import { createServices } from "./services";
import type { CreateFusionOptions, Fusion, FusionSnapshot, IncidentNotice, StateChange } from "./types";
import { FUSION_EVENT_KINDS as K } from "./types";

// Fusion (DESIGN "Fusion"): follows the event log in seq order, keeps the derived state, writes
// what the API reads, appends its own findings as events and tells live listeners. Operator
// commands are events too (services.ts), applied by the same processor, so a rebuild from the
// log reproduces the live state exactly.
//
// Errors are never swallowed: each is logged at error level and counted in
// `campustwin_fusion_errors_total{stage}` (apply | commit | listener | deadline | internal).
// Processing continues after one (see committer.ts for why): an event whose apply throws is
// skipped — deterministically, so a rebuild skips it too — and the caller of a command gets the
// error; effects that could not be committed are carried into the next commit.

const REPLAY_PAGE = 2000;

export function createFusion(opts: CreateFusionOptions): Fusion {
  const { db, events, logger } = opts;
  const now = opts.now ?? (() => new Date());
  const config = resolveConfig(opts.config);
  const metrics = opts.metrics ?? createMetrics();
  const errors = metrics.counter("campustwin_fusion_errors_total", "Fusion processing errors by stage (apply, commit, listener, deadline, internal)");
  const appliedTotal = metrics.counter("campustwin_fusion_events_applied_total", "Log events fusion applied live");
  const appliedSeqGauge = metrics.gauge("campustwin_fusion_applied_seq", "Highest log seq fusion has applied");
  const committer = createCommitter({
    db, events, notifier: opts.notifier ?? null, logger, errors,
    backlog: metrics.gauge("campustwin_fusion_commit_backlog", "Batches whose effects are not yet committed (0 = tables current)"),
    retryDelaysMs: config.commitRetryDelaysMs,
  });
  const campuses = new Map<string, CampusIndex>();
  let state = new DerivedState(campuses, config);
  const incidentListeners = new Set<(n: IncidentNotice) => void>();
  const stateListeners = new Set<(c: StateChange) => void>();
  const waiters = new Map<string, { resolve(): void; reject(err: Error): void }>();
  let chain: Promise<void> = Promise.resolve();
  let unsubscribe: (() => void) | null = null;
  let cancelTimer: (() => void) | null = null;
  let buffer: CampusEvent[] | null = null;

  async function loadCampuses(): Promise<void> {
    for (const c of await listCampuses(db.prisma)) {
      campuses.set(c.id, createCampusIndex(await loadCampusModel(db.prisma, c.id), { linkageCellSizeM: config.linkageCellSizeM }));
    }
  }

  /** Replays the log into `target`; an event whose apply throws is skipped, as live (applyOne). */
  async function replayInto(target: DerivedState, report: boolean): Promise<void> {
    let after = target.appliedSeq();
    for (;;) {
      const page = await events.since(after, { limit: REPLAY_PAGE });
      const fx = emptyEffects();
      for (const e of page) {
        try {
          target.apply(e, fx);
        } catch (err) {
          if (!report) continue;
          errors.inc({ stage: "apply" });
          logger.error("fusion: replaying an event failed; event skipped", { err: err instanceof Error ? err.message : String(err), seq: e.seq, kind: e.kind });
        }
      }
      if (page.length < REPLAY_PAGE) return;
      after = page[page.length - 1]!.seq;
    }
  }

  async function process(batch: readonly CampusEvent[]): Promise<void> {
    const fx = emptyEffects();
    for (const e of batch) applyOne(e, fx);
    appliedTotal.inc({}, batch.length);
    appliedSeqGauge.set(state.appliedSeq());
    // A commit failure is logged and counted by the committer; the effects are carried over. A
    // command's event is already durable in the log and applied, so its caller is not failed for it.
    await committer.commit(fx);
    tell(fx);
    for (const [id, result] of fx.commandResults) {
      const w = waiters.get(id);
      if (!w) continue;
      waiters.delete(id);
      if (result) w.reject(result); else w.resolve();
    }
  }

  /** Applies one event; a throw (a rule bug, a malformed event) skips that event only. */
  function applyOne(e: CampusEvent, fx: Effects): void {
    try {
      state.apply(e, fx);
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      errors.inc({ stage: "apply" });
      logger.error("fusion: applying an event failed; event skipped", { err: error.message, seq: e.seq, eventId: e.id, kind: e.kind });
      fx.commandResults.set(e.id, error);
    }
  }

  function tell(fx: Effects): void {
    for (const [, n] of fx.incidents) {
      for (const l of incidentListeners) safe(() => l({ change: n.change, incident: n.incident, seq: n.seq }));
    }
    for (const c of fx.stateChanges) for (const l of stateListeners) safe(() => l(c));
  }

  function safe(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      errors.inc({ stage: "listener" });
      logger.error("fusion: listener threw", { err: err instanceof Error ? err.message : String(err) });
    }
  }

  function enqueue(batch: readonly CampusEvent[]): void {
    if (buffer) { buffer.push(...batch); return; }
    chain = chain.then(() => process(batch)).catch((err: unknown) => {
      // process() handles its own failures; reaching here is a fusion bug, still not swallowed.
      errors.inc({ stage: "internal" });
      logger.error("fusion: processing failed", { err: err instanceof Error ? err.message : String(err), fromSeq: batch[0]?.seq });
    });
  }

  /** Appends a command event and resolves once the processor applied (and persisted) it. */
  async function command(campusId: string, kind: string, data: Record<string, unknown>, deviceId: string | null = null): Promise<void> {
    const id = `${kind}:${randomUUID()}`;
    const done = new Promise<void>((resolve, reject) => waiters.set(`fusion:${id}`, { resolve, reject }));
    try {
      await events.append([systemEvent(id, { campusId }, kind, 0, now(), data, deviceId)]);
    } catch (err) {
      waiters.delete(`fusion:${id}`);
      throw err;
    }
    await done;
  }

  async function checkDeadlines(): Promise<void> {
    const at = now();
    const out = [];
    for (const { ticket, deadline } of state.faultBook.missedDeadlines(at)) {
      out.push(systemEvent(`${K.faultEscalated}:${ticket.id}:${deadline}`, ticket, K.faultEscalated, 3, at,
        { ticketId: ticket.id, deadline, deviceId: ticket.deviceId }, ticket.deviceId));
    }
    for (const { incident, stepId } of state.incidentBook.overdueSteps(at)) {
      out.push(systemEvent(`${K.incidentStepOverdue}:${incident.id}:${stepId}`, incident, K.incidentStepOverdue, incident.severity, at,
        { incidentId: incident.id, stepId }));
    }
    if (out.length) await events.append(out);
    await idle();
  }

  async function idle(): Promise<void> {
    await events.flush();
    for (;;) {
      const c = chain;
      await c;
      if (c === chain) return;
    }
  }

  const services = createServices({
    state: () => state, command,
    incidentOrThrow(id: string): Incident {
      const i = state.incident(id);
      if (!i) throw new IncidentNotFoundError(id);
      return i;
    },
    faultOrThrow(id: string): FaultTicket {
      const t = state.fault(id);
      if (!t) throw new FaultTicketNotFoundError(id);
      return t;
    },
    checkDeadlines,
  });

  return {
    async start() {
      await loadCampuses();
      state = new DerivedState(campuses, config);
      buffer = [];
      unsubscribe = events.subscribe(enqueue);
      await replayInto(state, true);
      appliedSeqGauge.set(state.appliedSeq());
      const repaired = await reconcileTables(db, state);
      const pending = buffer.filter((e) => e.seq > state.appliedSeq());
      buffer = null;
      if (pending.length) enqueue(pending);
      const schedule = opts.schedule ?? ((fn, ms) => { const t = setInterval(fn, ms); t.unref(); return () => clearInterval(t); });
      cancelTimer = schedule(() => {
        checkDeadlines().catch((err: unknown) => {
          errors.inc({ stage: "deadline" });
          logger.error("fusion: deadline check failed", { err: err instanceof Error ? err.message : String(err) });
        });
      }, config.deadlineCheckMs);
      logger.info("fusion started", { campuses: campuses.size, appliedSeq: state.appliedSeq(), rules: LINKAGE_RULES.length, repaired });
    },
    async stop() {
      cancelTimer?.();
      cancelTimer = null;
      await idle();
      unsubscribe?.();
      unsubscribe = null;
      // One last try for effects a failed commit carried; what still fails is repaired on start.
      if (committer.backlog() > 0) await committer.commit(emptyEffects());
    },
    idle,
    async rebuild(): Promise<FusionSnapshot> {
      const fresh = new DerivedState(campuses, config);
      await replayInto(fresh, false);
      return fresh.snapshot();
    },
    async reloadCampus(campusId) {
      const idx = createCampusIndex(await loadCampusModel(db.prisma, campusId), { linkageCellSizeM: config.linkageCellSizeM });
      campuses.set(campusId, idx);
      state.registerCampus(idx);
    },
    get state() { return state; },
    incidents: services.incidents,
    faults: services.faults,
    rules: LINKAGE_RULES.map(({ id, title, kinds, incidentKind, severity, joinWindowMs, sopId, requirement }) =>
      ({ id, title, kinds, incidentKind, severity, joinWindowMs, sopId, requirement })),
    onIncident(cb) { incidentListeners.add(cb); return () => incidentListeners.delete(cb); },
    onStateChange(cb) { stateListeners.add(cb); return () => stateListeners.delete(cb); },
  };

}
