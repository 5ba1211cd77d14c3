import { TRPCError } from "@trpc/server";
import { CampusNotFoundError } from "../campus/persist";
import { InvalidCredentialsError, LoginThrottledError, UserExistsError, UserNotFoundError } from "../auth/errors";
import { FaultTicketClosedError, FaultTicketNotFoundError, IncidentNotFoundError, IncidentTransitionError, SopStepError } from "../fusion/errors";

// Domain errors that may reach a client, and the tRPC code each becomes. Their messages are
// written for users (no internals). Anything else becomes INTERNAL_SERVER_ERROR, whose message
// the error formatter replaces (server/api/trpc.ts) and the HTTP handler logs.

type ErrorClass = new (...args: never[]) => Error;

const EXPOSED: readonly [ErrorClass, TRPCError["code"]][] = [
  [CampusNotFoundError, "NOT_FOUND"],
  [InvalidCredentialsError, "UNAUTHORIZED"],
  [LoginThrottledError, "TOO_MANY_REQUESTS"],
  [UserExistsError, "CONFLICT"],
  [UserNotFoundError, "NOT_FOUND"],
  [IncidentNotFoundError, "NOT_FOUND"],
  [IncidentTransitionError, "CONFLICT"],
  [SopStepError, "CONFLICT"],
  [FaultTicketNotFoundError, "NOT_FOUND"],
  [FaultTicketClosedError, "CONFLICT"],
];

export function toTrpcError(err: unknown): unknown {
  if (err instanceof TRPCError) return err;
  for (const [cls, code] of EXPOSED) {
    if (err instanceof cls) return new TRPCError({ code, message: err.message, cause: err });
  }
  return err;
}

/** Runs a domain call and maps its allow-listed errors. */
export async function mapErrors<T>(run: () => Promise<T> | T): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw toTrpcError(err);
  }
}
