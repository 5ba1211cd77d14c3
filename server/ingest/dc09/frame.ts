import { crc16Arc, hex4 } from "./crc";

// SIA DC-09 framing (ANSI/SIA DC-09-2013 §5.5):
//   <LF> <crc:4 hex> <0LLL:4 hex> <"id"> <seq:4 digits> [R<rcvr:1-6 hex>] L<pref:1-6 hex>
//   #<acct:3-16 hex> [<data>] [<x-data>]… [_HH:MM:SS,MM-DD-YYYY] <CR>
// CRC and length cover the bytes from the opening `"` up to (not including) the CR.
// An encrypted message (id token starting with `*`) carries hex ciphertext after the `[`
// instead of `data]…timestamp` (§5.5.1.9); frame.ts only splits it off, crypto.ts decrypts.

export const LF = 0x0a;
export const CR = 0x0d;
/** 1 LF + 4 CRC + 4 length + 0xFFF body (the largest `0LLL`) + 1 CR. */
export const MAX_FRAME_BYTES = 1 + 4 + 4 + 0xfff + 1;

export type EnvelopeErrorReason = "format" | "crc" | "length" | "oversized";

export class Dc09FrameError extends Error {
  override name = "Dc09FrameError";
  constructor(readonly reason: EnvelopeErrorReason, detail: string) {
    super(`DC-09 frame refused (${reason}): ${detail}`);
  }
}

/** The clear header of a frame: everything before the `[` of the data block. */
export interface Envelope {
  token: string;
  encrypted: boolean;
  seq: string;
  receiver: string | null;
  line: string;
  /** Empty for a NAK's `A0`. */
  account: string;
  /** Everything after the first `[`: `data]…_timestamp` in clear, or hex ciphertext. */
  rest: string;
}

/** What remains after the `[`, once in clear. */
export interface Content {
  data: string;
  extended: string[];
  timestamp: Date | null;
}

// The account is `#acct`, except in a NAK, which carries the literal `A0` (§5.5.2.2).
const HEADER = /^"(\*?)([A-Z0-9-]{2,16})"(\d{4})(?:R([0-9A-F]{1,6}))?L([0-9A-F]{1,6})(?:#([0-9A-F]{3,16})|A0)\[/;
const TAIL = /^([^\][]*)\]((?:\[[^\][]*\])*)(?:_(\d{2}):(\d{2}):(\d{2}),(\d{2})-(\d{2})-(\d{4}))?$/;
const HEX4 = /^[0-9A-Fa-f]{4}$/;

/** Checks LF/CR, CRC and length of one complete frame and splits its clear header. */
export function parseEnvelope(frame: Uint8Array): Envelope {
  if (frame.length > MAX_FRAME_BYTES) throw new Dc09FrameError("oversized", `${frame.length} bytes`);
  if (frame.length < 1 + 8 + 2 || frame[0] !== LF || frame[frame.length - 1] !== CR) {
    throw new Dc09FrameError("format", "not <LF>…<CR> or too short");
  }
  const crcText = ascii(frame, 1, 5);
  const lenText = ascii(frame, 5, 9);
  if (!HEX4.test(crcText) || !HEX4.test(lenText) || lenText[0] !== "0") {
    throw new Dc09FrameError("format", `bad CRC/length field "${crcText}${lenText}"`);
  }
  const bodyStart = 9;
  const bodyEnd = frame.length - 1;
  if (frame[bodyStart] !== 0x22) throw new Dc09FrameError("format", "id token does not start with a quote");
  // §5.5.1.2: the CRC is checked first; a length error with a good CRC is a sender bug.
  const crc = crc16Arc(frame, bodyStart, bodyEnd);
  if (crc !== parseInt(crcText, 16)) throw new Dc09FrameError("crc", `sent ${crcText}, computed ${hex4(crc)}`);
  const len = bodyEnd - bodyStart;
  if (len !== parseInt(lenText, 16)) throw new Dc09FrameError("length", `sent ${lenText}, counted ${hex4(len)}`);
  const body = ascii(frame, bodyStart, bodyEnd);
  const m = HEADER.exec(body);
  if (!m) throw new Dc09FrameError("format", "header does not match \"id\"seq[Rrcvr]Lpref#acct[");
  return {
    encrypted: m[1] === "*",
    token: m[2]!,
    seq: m[3]!,
    receiver: m[4] ?? null,
    line: m[5]!,
    account: m[6] ?? "",
    rest: body.slice(m[0].length),
  };
}

/** Splits `data][x-data]…_timestamp`; null when it is not well formed. */
export function parseContent(rest: string): Content | null {
  const m = TAIL.exec(rest);
  if (!m) return null;
  const extended = m[2] ? m[2].slice(1, -1).split("][") : [];
  let timestamp: Date | null = null;
  if (m[3] !== undefined) {
    const [hh, mi, ss, mo, dd, yyyy] = m.slice(3, 9).map(Number) as [number, number, number, number, number, number];
    timestamp = new Date(Date.UTC(yyyy, mo - 1, dd, hh, mi, ss));
    // Reject 13-45-2026 and friends instead of letting Date roll them over.
    if (timestamp.getUTCMonth() !== mo - 1 || timestamp.getUTCDate() !== dd || hh > 23 || mi > 59 || ss > 59) return null;
  }
  return { data: m[1]!, extended, timestamp };
}

/** `_HH:MM:SS,MM-DD-YYYY` in UTC (§5.5.1.10). */
export function formatTimestamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `_${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())},${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}-${d.getUTCFullYear()}`;
}

/** Wraps a body (`"id"…`) in LF, CRC, length and CR. */
export function buildFrame(body: string): Buffer {
  const out = Buffer.allocUnsafe(body.length + 10);
  out[0] = LF;
  out.write(body, 9, "latin1");
  out.write(hex4(crc16Arc(out, 9, 9 + body.length)), 1, "latin1");
  out.write(hex4(body.length), 5, "latin1");
  out[out.length - 1] = CR;
  return out;
}

/** The clear header up to and including the `[`: `"id"seq[Rrcvr]Lpref#acct[`. */
export function header(h: { token: string; encrypted?: boolean; seq: string; receiver: string | null; line: string; account: string }): string {
  const r = h.receiver === null ? "" : `R${h.receiver}`;
  return `"${h.encrypted ? "*" : ""}${h.token}"${h.seq}${r}L${h.line}#${h.account}[`;
}

function ascii(b: Uint8Array, start: number, end: number): string {
  return Buffer.from(b.buffer, b.byteOffset + start, end - start).toString("latin1");
}
