import { CR, LF } from "./frame";

// Cuts a TCP byte stream (or one UDP datagram) into DC-09 frames `<LF>…<CR>`. A stream may
// carry many frames per packet or one frame across many packets. Anything else is cut out
// as a reject: bytes before an LF (garbage), an LF…LF run without CR (a truncated frame
// followed by a new one), a run longer than the largest legal frame (oversized: the rest is
// discarded up to the next CR or LF), or bytes left when the stream ends (truncated).

export type Piece =
  | { kind: "frame"; bytes: Buffer }
  | { kind: "reject"; reason: "garbage" | "truncated" | "oversized"; bytes: Buffer };

export interface FrameSplitter {
  push(chunk: Buffer): Piece[];
  /** The stream ended: whatever is pending is a truncated frame. */
  end(): Piece[];
}

export function createFrameSplitter(maxFrameBytes: number): FrameSplitter {
  let pending: Buffer = Buffer.alloc(0);
  let discarding = false;

  function cut(out: Piece[]): boolean {
    if (pending.length === 0) return false;
    if (discarding) {
      const stop = firstOf(pending, 0);
      if (stop < 0) return (pending = Buffer.alloc(0)), false;
      discarding = false;
      pending = pending.subarray(pending[stop] === CR ? stop + 1 : stop);
      return true;
    }
    if (pending[0] !== LF) {
      const stop = firstOf(pending, 0);
      if (stop < 0) return overflow(out, "garbage");
      const end = pending[stop] === CR ? stop + 1 : stop;
      out.push({ kind: "reject", reason: "garbage", bytes: pending.subarray(0, end) });
      pending = pending.subarray(end);
      return true;
    }
    const stop = firstOf(pending, 1);
    if (stop < 0) return overflow(out, "oversized");
    if (pending[stop] === LF) {
      out.push({ kind: "reject", reason: "truncated", bytes: pending.subarray(0, stop) });
      pending = pending.subarray(stop);
      return true;
    }
    const bytes = pending.subarray(0, stop + 1);
    out.push(bytes.length > maxFrameBytes ? { kind: "reject", reason: "oversized", bytes } : { kind: "frame", bytes });
    pending = pending.subarray(stop + 1);
    return true;
  }

  /** Nothing ends the current run yet: wait for more, unless it is already too long. */
  function overflow(out: Piece[], reason: "garbage" | "oversized"): boolean {
    if (pending.length <= maxFrameBytes) return false;
    out.push({ kind: "reject", reason, bytes: Buffer.from(pending.subarray(0, maxFrameBytes)) });
    pending = Buffer.alloc(0);
    discarding = true;
    return false;
  }

  return {
    push(chunk) {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      const out: Piece[] = [];
      while (cut(out));
      // Keep a private copy of a partial frame: the socket may reuse the chunk's memory.
      if (pending.length > 0 && pending.buffer === chunk.buffer) pending = Buffer.from(pending);
      return out;
    },
    end() {
      const out: Piece[] = [];
      if (pending.length > 0 && !discarding) out.push({ kind: "reject", reason: "truncated", bytes: pending });
      pending = Buffer.alloc(0);
      discarding = false;
      return out;
    },
  };
}

/** Index of the first CR or LF at or after `from`, or -1. */
function firstOf(b: Buffer, from: number): number {
  const cr = b.indexOf(CR, from);
  const lf = b.indexOf(LF, from);
  if (cr < 0) return lf;
  if (lf < 0) return cr;
  return Math.min(cr, lf);
}
