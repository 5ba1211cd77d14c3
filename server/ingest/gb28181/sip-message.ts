// A small, exact SIP message codec (RFC 3261 §7, §20): request/status line, headers matched
// case-insensitively including compact forms (§7.3.3), repeated headers such as Via kept in
// order, and the body sized by Content-Length. Framing of stream transports lives in
// sip-framer.ts; this module works on one complete message.

export type SipRequestLine = { kind: "request"; method: string; uri: string };
export type SipStatusLine = { kind: "response"; status: number; reason: string };

export interface SipMessage {
  start: SipRequestLine | SipStatusLine;
  /** Headers in wire order; names as canonical long forms ("Via", "Call-ID"). */
  headers: Array<[name: string, value: string]>;
  body: Buffer;
}

export class SipParseError extends Error {
  override name = "SipParseError";
  constructor(message: string, readonly reason: string) {
    super(message);
  }
}

// RFC 3261 §7.3.3 compact forms, plus RFC 3265 (o, u) and RFC 3515 (r).
const COMPACT: Record<string, string> = {
  v: "via", f: "from", t: "to", i: "call-id", m: "contact", l: "content-length",
  c: "content-type", k: "supported", s: "subject", e: "content-encoding", o: "event", u: "allow-events", r: "refer-to",
};
const CANONICAL: Record<string, string> = {
  "call-id": "Call-ID", cseq: "CSeq", "www-authenticate": "WWW-Authenticate", "max-forwards": "Max-Forwards",
  "content-type": "Content-Type", "content-length": "Content-Length", "user-agent": "User-Agent",
};

export function canonicalHeaderName(raw: string): string {
  const lower = raw.trim().toLowerCase();
  const long = COMPACT[lower] ?? lower;
  return CANONICAL[long] ?? long.replace(/(^|-)([a-z])/g, (_m, dash: string, ch: string) => dash + ch.toUpperCase());
}

const TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]+$/;
const HEADER_END = Buffer.from("\r\n\r\n");

/** Index just past the blank line that ends the header section, or -1 when absent. */
export function headerSectionEnd(buf: Buffer, from = 0): number {
  const at = buf.indexOf(HEADER_END, from);
  return at < 0 ? -1 : at + HEADER_END.length;
}

function parseStartLine(line: string): SipMessage["start"] {
  const status = /^SIP\/2\.0 ([1-6]\d\d) (.*)$/.exec(line);
  if (status) return { kind: "response", status: Number(status[1]), reason: status[2]! };
  const parts = line.split(" ");
  if (parts.length !== 3 || parts[2] !== "SIP/2.0") throw new SipParseError(`bad start line "${line.slice(0, 80)}"`, "bad_start_line");
  const [method, uri] = parts as [string, string];
  if (!TOKEN.test(method) || !/^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/.test(uri)) {
    throw new SipParseError(`bad request line "${line.slice(0, 80)}"`, "bad_start_line");
  }
  return { kind: "request", method, uri };
}

/** Unfolds continuation lines (RFC 3261 §7.3.1) and splits "Name: value". */
function parseHeaderLines(text: string): SipMessage["headers"] {
  const out: SipMessage["headers"] = [];
  for (const line of text.split("\r\n")) {
    if (line === "") continue;
    if (/^[ \t]/.test(line)) {
      const last = out[out.length - 1];
      if (!last) throw new SipParseError("continuation line before any header", "bad_header");
      last[1] = `${last[1]} ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0 || !TOKEN.test(line.slice(0, colon).trim())) {
      throw new SipParseError(`bad header line "${line.slice(0, 80)}"`, "bad_header");
    }
    out.push([canonicalHeaderName(line.slice(0, colon)), line.slice(colon + 1).trim()]);
  }
  return out;
}

/**
 * Parses one complete message. `datagram` says whether `buf` is a whole UDP datagram (body
 * runs to the end unless Content-Length says less, §18.3) or exactly one framed stream message.
 */
export function parseSipMessage(buf: Buffer, datagram = true): SipMessage {
  const end = headerSectionEnd(buf);
  const headEnd = end < 0 ? buf.length : end;
  const head = buf.subarray(0, headEnd).toString("latin1");
  const firstBreak = head.indexOf("\r\n");
  const startText = firstBreak < 0 ? head : head.slice(0, firstBreak);
  const start = parseStartLine(startText);
  if (end < 0) throw new SipParseError("header section not terminated by a blank line", "truncated");
  const headers = parseHeaderLines(head.slice(firstBreak + 2, headEnd - 4));
  const rest = buf.subarray(end);
  const lengthText = headers.find(([n]) => n === "Content-Length")?.[1];
  let body = rest;
  if (lengthText !== undefined) {
    if (!/^\d{1,9}$/.test(lengthText)) throw new SipParseError(`bad Content-Length "${lengthText}"`, "bad_content_length");
    const length = Number(lengthText);
    if (length > rest.length) throw new SipParseError(`Content-Length ${length} exceeds the ${rest.length} body bytes`, "bad_content_length");
    body = rest.subarray(0, length);
  } else if (!datagram) {
    throw new SipParseError("Content-Length is mandatory on stream transports", "bad_content_length");
  }
  return { start, headers, body: Buffer.from(body) };
}

export function header(msg: Pick<SipMessage, "headers">, name: string): string | undefined {
  const want = canonicalHeaderName(name);
  return msg.headers.find(([n]) => n === want)?.[1];
}

/** Every value of a header, with comma-separated lists split (Via: a, b → two entries). */
export function headerAll(msg: Pick<SipMessage, "headers">, name: string): string[] {
  const want = canonicalHeaderName(name);
  return msg.headers.filter(([n]) => n === want).flatMap(([, v]) => splitCommaList(v));
}

/** Splits on commas outside quotes and angle brackets. */
export function splitCommaList(value: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let from = 0;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '"' && value[i - 1] !== "\\") quoted = !quoted;
    else if (!quoted && ch === "<") depth++;
    else if (!quoted && ch === ">") depth--;
    else if (!quoted && depth === 0 && ch === ",") {
      out.push(value.slice(from, i).trim());
      from = i + 1;
    }
  }
  out.push(value.slice(from).trim());
  return out.filter((s) => s !== "");
}

/** Serializes with a correct Content-Length (any given one is replaced). */
export function serializeSipMessage(msg: SipMessage): Buffer {
  const start = msg.start.kind === "request"
    ? `${msg.start.method} ${msg.start.uri} SIP/2.0`
    : `SIP/2.0 ${msg.start.status} ${msg.start.reason}`;
  const lines = [start];
  for (const [name, value] of msg.headers) if (name !== "Content-Length") lines.push(`${name}: ${value}`);
  lines.push(`Content-Length: ${msg.body.length}`, "", "");
  return Buffer.concat([Buffer.from(lines.join("\r\n"), "latin1"), msg.body]);
}

/** "Name" <sip:user@host;p>;tag=x → { uri, user, params: { tag: "x" } } (RFC 3261 §20.10, §25.1). */
export function parseNameAddr(value: string): { uri: string; user: string | null; params: Record<string, string> } {
  const angle = /<([^>]*)>(.*)$/.exec(value);
  const uri = angle ? angle[1]!.trim() : value.split(";")[0]!.trim();
  const paramText = angle ? angle[2]! : value.slice(value.indexOf(";") >= 0 ? value.indexOf(";") : value.length);
  return { uri, user: uriUser(uri), params: parseParams(paramText) };
}

export function uriUser(uri: string): string | null {
  const m = /^sips?:([^@;>]+)@/i.exec(uri);
  return m ? decodeURIComponent(m[1]!) : null;
}

/** ";a=1;b" → { a: "1", b: "" } (names lower-cased). */
export function parseParams(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(";")) {
    const p = part.trim();
    if (!p) continue;
    const eq = p.indexOf("=");
    out[(eq < 0 ? p : p.slice(0, eq)).trim().toLowerCase()] = eq < 0 ? "" : p.slice(eq + 1).trim().replace(/^"|"$/g, "");
  }
  return out;
}

/** "SIP/2.0/UDP host:port;branch=z9…;rport" (RFC 3261 §20.42). */
export function parseVia(value: string): { transport: string; host: string; port: number | null; params: Record<string, string> } | null {
  const m = /^SIP\s*\/\s*2\.0\s*\/\s*([A-Za-z]+)\s+([^;\s]+)\s*(;.*)?$/.exec(value.trim());
  if (!m) return null;
  const sentBy = m[2]!;
  const hp = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(sentBy);
  if (!hp) return null;
  return { transport: m[1]!.toUpperCase(), host: hp[1]!, port: hp[2] ? Number(hp[2]) : null, params: parseParams(m[3] ?? "") };
}

/** "20 REGISTER" → { seq: 20, method: "REGISTER" } or null when malformed. */
export function parseCSeq(value: string | undefined): { seq: number; method: string } | null {
  const m = value ? /^(\d{1,10})\s+([A-Za-z]+)$/.exec(value.trim()) : null;
  return m ? { seq: Number(m[1]), method: m[2]!.toUpperCase() } : null;
}
