import { randomBytes } from "node:crypto";
import { header, headerAll, parseNameAddr, parseVia, serializeSipMessage, type SipMessage } from "./sip-message";
import type { SipRemote } from "./transport";

// Responses to a request (RFC 3261 §8.2.6.2): copy every Via in order, From, To (adding a tag
// when the request had none), Call-ID and CSeq. The top Via gets `received` when the source
// address differs from sent-by (§18.2.1) and `rport` filled in when the client asked for it
// (RFC 3581 §4), so answers reach devices behind NAT.

export const REASONS: Record<number, string> = {
  100: "Trying", 200: "OK", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
  405: "Method Not Allowed", 415: "Unsupported Media Type", 423: "Interval Too Brief", 481: "Call/Transaction Does Not Exist",
  488: "Not Acceptable Here", 500: "Server Internal Error", 501: "Not Implemented", 503: "Service Unavailable",
};

export const newTag = (): string => randomBytes(6).toString("hex");

export function stampTopVia(via: string, remote: SipRemote): string {
  const parsed = parseVia(via);
  if (!parsed) return via;
  let out = via;
  const hasRport = "rport" in parsed.params;
  if (parsed.host !== remote.address || hasRport) {
    out = out.replace(/;\s*received=[^;]*/i, "") + `;received=${remote.address}`;
  }
  if (hasRport) out = out.replace(/;\s*rport(=[^;]*)?/i, `;rport=${remote.port}`);
  return out;
}

export interface ResponseExtras {
  headers?: Array<[string, string]>;
  body?: Buffer;
  reason?: string;
  /** Tag to add to To when absent; fixed per dialog-less transaction by the caller if needed. */
  toTag?: string;
}

/**
 * Builds the response. Without a Via there is nowhere to send it (§18.2.2): null. A request
 * missing From/To/Call-ID/CSeq still gets its 400, best effort, with the headers it had.
 */
export function buildResponse(req: SipMessage, status: number, remote: SipRemote, extras: ResponseExtras = {}): Buffer | null {
  const vias = headerAll(req, "Via");
  const from = header(req, "From");
  const to = header(req, "To");
  const callId = header(req, "Call-ID");
  const cseq = header(req, "CSeq");
  if (vias.length === 0) return null;
  const toWithTag = !to || "tag" in parseNameAddr(to).params ? to : `${to};tag=${extras.toTag ?? newTag()}`;
  const copied: Array<[string, string | undefined]> = [["From", from], ["To", toWithTag], ["Call-ID", callId], ["CSeq", cseq]];
  const headers: Array<[string, string]> = [
    ...vias.map((v, i): [string, string] => ["Via", i === 0 ? stampTopVia(v, remote) : v]),
    ...copied.filter((h): h is [string, string] => h[1] !== undefined),
    ["User-Agent", "CampusTwin-GB28181"],
    ...(extras.headers ?? []),
  ];
  return serializeSipMessage({
    start: { kind: "response", status, reason: extras.reason ?? REASONS[status] ?? "Unknown" },
    headers,
    body: extras.body ?? Buffer.alloc(0),
  });
}
