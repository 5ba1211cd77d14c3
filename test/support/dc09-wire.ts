import { createSocket } from "node:dgram";
import { connect } from "node:net";

// A bare-bones DC-09 wire client for conformance tests, written apart from the simulator so
// the tests do not trust the code under test to frame or answer: it sends bytes and collects
// whatever `<LF>…<CR>` frames come back.

/** CRC-16/ARC the long way: reflect each byte, MSB-first with poly 0x8005, reflect the result. */
export function referenceCrc(text: string): number {
  const reflect = (v: number, bits: number) => {
    let r = 0;
    for (let i = 0; i < bits; i++) if (v & (1 << i)) r |= 1 << (bits - 1 - i);
    return r;
  };
  let crc = 0;
  for (const byte of Buffer.from(text, "latin1")) {
    crc ^= reflect(byte, 8) << 8;
    for (let k = 0; k < 8; k++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x8005) & 0xffff : (crc << 1) & 0xffff;
  }
  return reflect(crc, 16);
}

const h4 = (n: number) => n.toString(16).toUpperCase().padStart(4, "0");

/** Frames a body the way the standard says, with the reference CRC. */
export function referenceFrame(body: string, over: { crc?: number; len?: number } = {}): Buffer {
  return Buffer.from(`\n${h4(over.crc ?? referenceCrc(body))}${h4(over.len ?? body.length)}${body}\r`, "latin1");
}

/** Checks a received frame's CRC and length with the reference and returns its body. */
export function bodyOf(frame: string): string {
  const m = /^\n([0-9A-F]{4})([0-9A-F]{4})(.*)\r$/s.exec(frame);
  if (!m) throw new Error(`not a DC-09 frame: ${JSON.stringify(frame)}`);
  const body = m[3]!;
  if (parseInt(m[1]!, 16) !== referenceCrc(body)) throw new Error(`bad CRC in answer ${JSON.stringify(frame)}`);
  if (parseInt(m[2]!, 16) !== body.length) throw new Error(`bad length in answer ${JSON.stringify(frame)}`);
  return body;
}

export function utcStamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `_${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())},${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}-${d.getUTCFullYear()}`;
}

/** Sends each chunk (in order, separately) and resolves with `answers` frames' bodies. */
export function exchange(
  transport: "tcp" | "udp", port: number, chunks: Buffer[], answers: number, timeoutMs = 5000,
): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const got: string[] = [];
    let acc = "";
    const timer = setTimeout(() => finish(new Error(`got ${got.length}/${answers} answers: ${JSON.stringify(got)}`)), timeoutMs);
    let cleanup = () => undefined as void;
    const finish = (err?: Error) => {
      clearTimeout(timer);
      cleanup();
      if (err) reject(err);
      else resolve(got);
    };
    const onData = (b: Buffer) => {
      acc += b.toString("latin1");
      let cr;
      while ((cr = acc.indexOf("\r")) >= 0) {
        try {
          got.push(bodyOf(acc.slice(0, cr + 1)));
        } catch (e) {
          return finish(e as Error);
        }
        acc = acc.slice(cr + 1);
      }
      if (got.length >= answers) finish();
    };
    if (transport === "tcp") {
      const s = connect({ host: "127.0.0.1", port }, async () => {
        for (const c of chunks) {
          s.write(c);
          await new Promise((r) => setTimeout(r, 5));
        }
      });
      s.on("data", onData);
      s.on("error", (e) => finish(e));
      cleanup = () => void s.destroy();
    } else {
      const u = createSocket("udp4");
      u.on("message", onData);
      u.bind(0, "127.0.0.1", () => {
        for (const c of chunks) u.send(c, port, "127.0.0.1");
      });
      cleanup = () => void u.close();
    }
  });
}
