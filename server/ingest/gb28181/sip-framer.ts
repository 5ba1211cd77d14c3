import { headerSectionEnd } from "./sip-message";

// Stream framing for SIP over TCP (RFC 3261 §18.3): a message ends Content-Length bytes after
// the blank line, so one TCP segment may hold several messages or part of one. Leading CRLFs
// between messages are keep-alive pings (RFC 5626 §3.5.1) and are skipped; a double CRLF is
// reported so the listener can answer the single-CRLF pong.

export const MAX_SIP_MESSAGE_BYTES = 64 * 1024;

export type FramedChunk =
  | { kind: "message"; bytes: Buffer }
  | { kind: "ping" }
  /** The stream cannot be resynchronised: the connection must be answered and closed. */
  | { kind: "error"; reason: string; bytes: Buffer };

export interface SipStreamFramer {
  push(data: Buffer): FramedChunk[];
}

const CONTENT_LENGTH = /^(?:content-length|l)[ \t]*:[ \t]*(.*?)[ \t]*$/im;

export function createSipStreamFramer(maxBytes = MAX_SIP_MESSAGE_BYTES): SipStreamFramer {
  let pending: Buffer = Buffer.alloc(0);
  let failed = false;

  function skipPings(out: FramedChunk[]): void {
    let i = 0;
    while (i + 1 < pending.length && pending[i] === 0x0d && pending[i + 1] === 0x0a) i += 2;
    if (i >= 4) out.push({ kind: "ping" });
    if (i > 0) pending = pending.subarray(i);
  }

  function next(out: FramedChunk[]): boolean {
    skipPings(out);
    if (pending.length === 0) return false;
    const end = headerSectionEnd(pending);
    if (end < 0) {
      if (pending.length > maxBytes) return fail(out, "oversized: header section longer than the limit");
      return false;
    }
    const head = pending.subarray(0, end).toString("latin1");
    const m = CONTENT_LENGTH.exec(head);
    if (!m) return fail(out, "bad_content_length: Content-Length is mandatory on TCP", end);
    if (!/^\d{1,9}$/.test(m[1]!)) return fail(out, `bad_content_length: "${m[1]}"`, end);
    const total = end + Number(m[1]);
    if (total > maxBytes) return fail(out, `oversized: ${total} bytes`, end);
    if (pending.length < total) return false;
    out.push({ kind: "message", bytes: Buffer.from(pending.subarray(0, total)) });
    pending = pending.subarray(total);
    return true;
  }

  function fail(out: FramedChunk[], reason: string, upTo = pending.length): boolean {
    out.push({ kind: "error", reason, bytes: Buffer.from(pending.subarray(0, Math.min(upTo, maxBytes))) });
    pending = Buffer.alloc(0);
    failed = true;
    return false;
  }

  return {
    push(data) {
      if (failed) return [];
      pending = pending.length ? Buffer.concat([pending, data]) : data;
      const out: FramedChunk[] = [];
      while (next(out));
      return out;
    },
  };
}
