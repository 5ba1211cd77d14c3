import type { PlatformContext } from "./context";
import { handleMessage, type QueryAnswers } from "./handle-message";
import { handleRegister } from "./handle-register";
import { header, headerAll, parseCSeq, parseSipMessage, parseVia, SipParseError, type SipMessage } from "./sip-message";
import type { SipRemote } from "./transport";

// One received SIP message → the right handler, or the right error (RFC 3261 §8.2):
// requests missing a mandatory header get 400 (§8.1.1), methods this platform does not serve
// get 405 with Allow (§8.2.1), unknown methods 501, INVITE 488 (media is out of scope),
// BYE/CANCEL 481 (there is never a dialog). ACK is never answered (§17.2.1).

export const ALLOW = "REGISTER, MESSAGE, OPTIONS, ACK";
const KNOWN_UNSERVED = new Set(["SUBSCRIBE", "NOTIFY", "INFO", "UPDATE", "PRACK", "REFER", "PUBLISH"]);

/**
 * The headers of a message that failed to parse (bad start line, bad Content-Length), so the
 * 400 can still be routed back: the start line is replaced and the body dropped.
 */
function salvage(bytes: Buffer): SipMessage | null {
  const text = bytes.toString("latin1");
  const firstBreak = text.indexOf("\r\n");
  const headEnd = text.indexOf("\r\n\r\n");
  if (firstBreak < 0 || headEnd < firstBreak) return null;
  const headers = text.slice(firstBreak + 2, headEnd + 2).replace(/^(content-length|l)[ \t]*:.*\r\n/gim, "");
  try {
    return parseSipMessage(Buffer.from(`SALVAGE sip:x SIP/2.0\r\n${headers}\r\n`, "latin1"), true);
  } catch {
    return null;
  }
}

function missingHeader(req: SipMessage): string | null {
  const vias = headerAll(req, "Via");
  if (vias.length === 0) return "Via";
  if (vias.some((v) => parseVia(v) === null)) return "Via (malformed)";
  for (const name of ["From", "To", "Call-ID"]) if (!header(req, name)) return name;
  const cseq = parseCSeq(header(req, "CSeq"));
  if (!cseq) return "CSeq";
  if (req.start.kind === "request" && cseq.method !== req.start.method.toUpperCase()) return "CSeq (method differs from the request line)";
  return null;
}

export async function dispatchSip(ctx: PlatformContext, bytes: Buffer, remote: SipRemote, answers: QueryAnswers): Promise<void> {
  let msg: SipMessage;
  try {
    msg = parseSipMessage(bytes, remote.transport === "udp");
  } catch (err) {
    if (!(err instanceof SipParseError)) throw err;
    const salvaged = salvage(bytes);
    ctx.refuse(salvaged, 400, remote, `${err.reason}: ${err.message}`, bytes);
    return;
  }
  if (msg.start.kind === "response") {
    if (!ctx.outgoing.onResponse(msg)) ctx.deps.logger.debug("gb28181 stray response", { status: msg.start.status, remote: remote.address });
    return;
  }
  const method = msg.start.method.toUpperCase();
  ctx.metrics.requests.inc({ method, transport: remote.transport });
  const missing = missingHeader(msg);
  if (missing) {
    if (method !== "ACK") ctx.refuse(msg, 400, remote, `missing_header: ${missing}`, bytes);
    else ctx.refuse(null, null, remote, `missing_header: ${missing} (ACK)`, bytes);
    return;
  }
  if (method !== "ACK") {
    const tx = ctx.transactions.begin(msg, remote);
    if (tx !== "new") {
      if (tx.resend) ctx.send(remote, tx.resend);
      return;
    }
  }
  try {
    await route(ctx, msg, method, remote, bytes, answers);
  } catch (err) {
    // A handler failing (database down …) must not take the listener with it: 500 makes the
    // device retransmit (nothing was committed), and the message is kept as a dead letter.
    ctx.deps.logger.error("gb28181 handler failed", { method, error: err instanceof Error ? err.stack : String(err) });
    ctx.refuse(msg, 500, remote, `internal_error: ${err instanceof Error ? err.message : String(err)}`, bytes);
  }
}

async function route(ctx: PlatformContext, msg: SipMessage, method: string, remote: SipRemote, bytes: Buffer, answers: QueryAnswers): Promise<void> {
  switch (method) {
    case "REGISTER": return handleRegister(ctx, msg, remote, bytes);
    case "MESSAGE": return handleMessage(ctx, msg, remote, bytes, answers);
    case "OPTIONS": return ctx.respond(msg, 200, remote, { headers: [["Allow", ALLOW], ["Accept", "Application/MANSCDP+xml"]] });
    case "ACK": return; // absorbs the ACK of our non-2xx answer to an INVITE (§17.2.1)
    case "INVITE": return ctx.refuse(msg, 488, remote, "unsupported_method: INVITE (media is not served by this platform)", bytes);
    case "BYE":
    case "CANCEL": return ctx.refuse(msg, 481, remote, `unsupported_method: ${method} outside any dialog`, bytes);
    default:
      if (KNOWN_UNSERVED.has(method)) return ctx.refuse(msg, 405, remote, `unsupported_method: ${method}`, bytes);
      return ctx.refuse(msg, 501, remote, `unsupported_method: ${method} is unknown`, bytes);
  }
}
