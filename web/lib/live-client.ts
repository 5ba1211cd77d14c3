import type { CampusModel } from "../../server/contracts/campus";
import { ZCampusEvent, type CampusEvent } from "../../server/contracts/event";
import { ZFaultTicket } from "../../server/contracts/fault";
import { ZIncident, type Incident } from "../../server/contracts/incident";
import { AGENT_PERSON, AGENT_VEHICLE, type AgentBuffer } from "./agents";
import { isUnauthorized } from "./api-errors";
import { connectLive, type LiveConnection, type LiveStatus, type WireFrame, type WireUrgent } from "./live";
import { applyEvents, applyIncidents, applyStateChanges } from "./live-apply";
import type { ConnectionStatus, LiveStore } from "./live-store";
import { trpc } from "./trpc";

// Feeds one campus's live store: first the recent history from the API (events.list, open
// incidents, open fault tickets), then the live Socket.IO frames (web/lib/live.ts) resumed after
// that history's last seq — on every reconnect too, so a server restart or a network drop loses
// nothing. Frames carry events, fusion's derived state and whole incidents; each is folded into
// the store. Long-lived: it reports state in the store and never throws.

const INCIDENT_POLL_MS = 20_000;
const REFRESH_DEBOUNCE_MS = 100;
const HISTORY_EVENTS = 150;
/** How long an agent glides to a newly reported position. */
const SIGHTING_GLIDE_MS = 4000;

export interface LiveClient {
  close(): void;
  /** Re-reads incidents now (after a command, so the panel shows the result at once). */
  refreshIncidents(): void;
}

const STATUS: Record<LiveStatus, ConnectionStatus> = {
  connecting: "connecting", live: "live", reconnecting: "reconnecting", unauthorised: "unauthorized", closed: "offline",
};

export function createLiveClient(opts: { campus: Pick<CampusModel, "id">; store: LiveStore; agents: AgentBuffer }): LiveClient {
  const { store, agents } = opts;
  const campusId = opts.campus.id;
  let closed = false;
  let connection: LiveConnection | null = null;
  let wasLive = false;
  let refreshTimer: ReturnType<typeof setTimeout> | null = null;

  function scheduleRefresh(): void {
    if (refreshTimer || closed) return;
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      void refresh();
    }, REFRESH_DEBOUNCE_MS);
  }

  const onFrame = (frame: WireFrame) => {
    const events = frame.events.map((e) => ZCampusEvent.safeParse(e)).flatMap((r) => (r.success ? [r.data] : []));
    const incidents = frame.incidents.map((n) => ZIncident.safeParse(n.incident)).flatMap((r) => (r.success ? [r.data] : []));
    store.setState((s) => {
      const afterEvents = { ...s, ...applyEvents(s, events) };
      const afterState = { ...afterEvents, ...applyStateChanges(afterEvents, frame.state) };
      const patch = incidents.length ? { ...afterState, ...applyIncidents(afterState, incidents) } : afterState;
      return { ...patch, lastSeq: Math.max(patch.lastSeq, frame.toSeq) };
    });
    feedAgents(agents, events);
    // Frames carry whole incidents when the gateway sends them; when only the incident.* event
    // came, read the incidents (and tickets) once, debounced.
    if (incidents.length === 0 && events.some((e) => e.kind.startsWith("incident.") || e.kind.startsWith("fault."))) scheduleRefresh();
    const faults = frame.state.filter((c) => c.type === "fault").map((c) => ZFaultTicket.safeParse(c.value.ticket)).flatMap((r) => (r.success ? [r.data] : []));
    if (faults.length) {
      store.setState((s) => {
        const next = new Map(s.faults);
        for (const f of faults) {
          if (f.state === "open") next.set(f.id, f);
          else next.delete(f.id);
        }
        return { faults: next };
      });
    }
  };

  // The priority lane: an alarm lights its device and joins the feed before its frame arrives.
  const onUrgent = (u: WireUrgent) => {
    const events = u.events.map((e) => ZCampusEvent.safeParse(e)).flatMap((r) => (r.success ? [r.data] : []));
    const incidents = u.incidents.map((n) => ZIncident.safeParse(n.incident)).flatMap((r) => (r.success ? [r.data] : []));
    store.setState((s) => {
      const afterEvents = events.length ? { ...s, ...applyEvents(s, events, { preview: true }) } : s;
      return incidents.length ? { ...afterEvents, ...applyIncidents(afterEvents, incidents) } : afterEvents;
    });
  };

  async function loadHistory(): Promise<void> {
    try {
      const page = await trpc().events.list.query({ campusId, limit: HISTORY_EVENTS });
      if (closed) return;
      const events = page.items.map((e) => ZCampusEvent.parse(e));
      store.setState((s) => applyEvents(s, events));
    } catch (err) {
      if (isUnauthorized(err)) store.setState({ connection: "unauthorized" });
    }
  }

  async function refresh(): Promise<void> {
    try {
      // tRPC sends dates as ISO strings (no transformer): the contracts coerce them back.
      const [incidentRows, faultRows] = await Promise.all([
        trpc().incidents.list.query({ campusId, open: true }),
        trpc().faults.list.query({ campusId, open: true }).catch(() => null),
      ]);
      if (closed) return;
      store.setState((s) => applyIncidents(s, incidentRows.map((i) => ZIncident.parse(i))));
      if (faultRows) store.setState({ faults: new Map(faultRows.map((f) => ZFaultTicket.parse(f)).map((f) => [f.id, f])) });
    } catch (err) {
      if (!closed && isUnauthorized(err)) store.setState({ connection: "unauthorized" });
    }
  }

  void (async () => {
    await loadHistory();
    await refresh();
    if (closed) return;
    connection = connectLive({
      campusId,
      afterSeq: store.getState().lastSeq,
      reconnectDelayMs: 500,
      reconnectDelayMaxMs: 4000,
      onFrame,
      onUrgent,
      onStatus: (status) => {
        if (closed) return;
        store.setState({ connection: STATUS[status] });
        // Back after a drop or a resync (the helper replayed from its cursor): incidents may
        // have changed by commands the frames already carried, but a fresh read costs little
        // and repairs anything a restart lost.
        if (status === "live" && wasLive) void refresh();
        if (status === "live") wasLive = true;
      },
    });
  })();

  const poll = setInterval(() => void refresh(), INCIDENT_POLL_MS);
  return {
    close() {
      closed = true;
      clearInterval(poll);
      if (refreshTimer) clearTimeout(refreshTimer);
      connection?.close();
    },
    refreshIncidents: () => void refresh(),
  };
}

/** One incident as the API has it now, or null when it cannot be read. */
export async function fetchIncident(incidentId: string): Promise<Incident | null> {
  try {
    return ZIncident.parse(await trpc().incidents.get.query({ incidentId }));
  } catch {
    return null;
  }
}

/** Sightings with a location move the subject's agent there (faces, plates, card reads, positions). */
function feedAgents(agents: AgentBuffer, batch: readonly CampusEvent[]): void {
  const nowMs = performance.now();
  for (const e of batch) {
    if (!e.location || !e.subject) continue;
    const key = e.subject.plate ?? e.subject.ref;
    if (!key) continue;
    agents.report(key, e.subject.type === "vehicle" ? AGENT_VEHICLE : AGENT_PERSON, e.location.xM, e.location.yM, nowMs, SIGHTING_GLIDE_MS);
  }
}
