import type { IncidentState } from "../contracts/incident";

// Typed domain errors of fusion; routers map them to allow-listed client messages.

export class IncidentNotFoundError extends Error {
  override name = "IncidentNotFoundError";
  constructor(readonly incidentId: string) {
    super(`Incident ${incidentId} does not exist`);
  }
}

export class IncidentTransitionError extends Error {
  override name = "IncidentTransitionError";
  constructor(readonly incidentId: string, readonly from: IncidentState, readonly action: string) {
    super(`Incident ${incidentId} cannot ${action} from state ${from}`);
  }
}

export class SopStepError extends Error {
  override name = "SopStepError";
  constructor(readonly incidentId: string, readonly stepId: string, reason: string) {
    super(`Incident ${incidentId} step ${stepId}: ${reason}`);
  }
}

export class FaultTicketNotFoundError extends Error {
  override name = "FaultTicketNotFoundError";
  constructor(readonly ticketId: string) {
    super(`Fault ticket ${ticketId} does not exist`);
  }
}

export class FaultTicketClosedError extends Error {
  override name = "FaultTicketClosedError";
  constructor(readonly ticketId: string) {
    super(`Fault ticket ${ticketId} is closed`);
  }
}
