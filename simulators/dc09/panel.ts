import { decryptContent, encryptContent, parseKeyHex } from "../../server/ingest/dc09/crypto";
import { buildFrame, formatTimestamp, header, parseContent, parseEnvelope } from "../../server/ingest/dc09/frame";
import { createLink, type Link } from "./link";
import { cidData, SIGNALS, siaData, type PanelSignal, type SignalName } from "./signals";

// A simulated alarm panel or tension-fence host speaking SIA DC-09 as a transmitter does:
// one message outstanding at a time, retransmitted with the same sequence number when no
// answer comes within the ACK timeout; after a NAK it takes the receiver's time from the NAK
// (DC-09 §5.5.2.2) and resends; a DUH is final. It can send NULL link tests on a timer, run
// with a skewed clock, emit bursts, and send deliberately broken frames.

export interface PanelOptions {
  host: string;
  port: number;
  account: string;
  transport?: "tcp" | "udp";
  /** AES key as 32/48/64 hex digits: messages are then `*SIA-DCS` / `*ADM-CID`. */
  keyHex?: string | null;
  format?: "ADM-CID" | "SIA-DCS";
  receiver?: string | null;
  line?: string;
  ackTimeoutMs?: number;
  maxAttempts?: number;
  /** Panel clock minus true time. */
  clockSkewMs?: number;
  /** Adopt the receiver's time from a NAK (DC-09 behaviour); off to keep a skew for tests. */
  correctClockOnNak?: boolean;
  startSeq?: number;
}

export type Answer = "ACK" | "NAK" | "DUH";
export interface SendResult {
  seq: string;
  answer: Answer | "timeout";
  attempts: number;
  /** Answers in order, one per attempt that got one. */
  answers: Answer[];
  latencyMs: number;
}

interface Waiter {
  seq: string | null;
  resolve(r: { answer: Answer; frame: Buffer } | null): void;
}

export class Dc09Panel {
  readonly account: string;
  private readonly opts: Required<Omit<PanelOptions, "keyHex" | "receiver">> & { receiver: string | null };
  private readonly key: Buffer | null;
  private readonly link: Link;
  private waiter: Waiter | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private seq: number;
  private clockSkewMs: number;
  private nullTimer: NodeJS.Timeout | null = null;

  constructor(opts: PanelOptions) {
    this.account = opts.account.toUpperCase();
    this.opts = {
      host: opts.host, port: opts.port, account: this.account, transport: opts.transport ?? "tcp",
      format: opts.format ?? "ADM-CID", receiver: opts.receiver === undefined ? "0" : opts.receiver, line: opts.line ?? "0",
      ackTimeoutMs: opts.ackTimeoutMs ?? 3000, maxAttempts: opts.maxAttempts ?? 5, clockSkewMs: opts.clockSkewMs ?? 0,
      correctClockOnNak: opts.correctClockOnNak ?? true, startSeq: opts.startSeq ?? 1,
    };
    this.key = opts.keyHex ? parseKeyHex(opts.keyHex, this.account) : null;
    this.seq = this.opts.startSeq;
    this.clockSkewMs = this.opts.clockSkewMs;
    this.link = createLink({ host: opts.host, port: opts.port, transport: this.opts.transport, onReply: (f) => this.onReply(f) });
  }

  setClockSkew(ms: number): void {
    this.clockSkewMs = ms;
  }

  /** Reports one event and resolves once it is ACKed, DUHed, or given up. */
  report(signal: SignalName | PanelSignal, over: { zone?: number; partition?: number } = {}): Promise<SendResult> {
    const s: PanelSignal = { ...(typeof signal === "string" ? SIGNALS[signal] : signal), ...over };
    const token = this.opts.format;
    const data = token === "ADM-CID" ? cidData(this.account, s) : siaData(this.account, s);
    return this.serial(() => this.transmit(token, data));
  }

  /** A NULL link test (supervision). */
  linkTest(): Promise<SendResult> {
    return this.serial(() => this.transmit("NULL", ""));
  }

  startSupervision(intervalMs: number): void {
    this.stopSupervision();
    this.nullTimer = setInterval(() => void this.linkTest().catch(() => undefined), intervalMs);
    this.nullTimer.unref();
  }

  stopSupervision(): void {
    if (this.nullTimer) clearInterval(this.nullTimer);
    this.nullTimer = null;
  }

  /** `count` events back to back (each awaits its ACK, as a real panel's queue does). */
  async burst(count: number, signal: SignalName = "intrusion"): Promise<SendResult[]> {
    const out: SendResult[] = [];
    for (let i = 0; i < count; i++) out.push(await this.report(signal, { zone: (i % 99) + 1 }));
    return out;
  }

  /** Sends arbitrary bytes and returns the first answer frame, or null after the ACK timeout. */
  sendRaw(bytes: Buffer): Promise<Buffer | null> {
    return this.serial(async () => {
      const wait = this.expect(null);
      await this.link.send(bytes);
      return (await wait)?.frame ?? null;
    });
  }

  /** The frame this panel would send now for a signal (for tests and bad-frame variants). */
  frameFor(token: string, data: string, seq = this.nextSeq()): Buffer {
    const ts = formatTimestamp(new Date(Date.now() + this.clockSkewMs));
    const content = `${data}]${ts}`;
    const h = header({ token, encrypted: this.key !== null, seq, receiver: this.opts.receiver, line: this.opts.line, account: this.account });
    return buildFrame(h + (this.key ? encryptContent(content, this.key) : content));
  }

  async close(): Promise<void> {
    this.stopSupervision();
    this.waiter?.resolve(null);
    await this.queue.catch(() => undefined);
    await this.link.close();
  }

  private serial<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job, job);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private nextSeq(): string {
    const s = String(this.seq).padStart(4, "0");
    this.seq = (this.seq % 9999) + 1; // DC-09 sequence numbers run 0001–9999
    return s;
  }

  private async transmit(token: string, data: string): Promise<SendResult> {
    const startedMs = performance.now();
    const seq = this.nextSeq();
    let frame = this.frameFor(token, data, seq);
    const answers: Answer[] = [];
    for (let attempt = 1; attempt <= this.opts.maxAttempts; attempt++) {
      const wait = this.expect(seq);
      try {
        await this.link.send(frame);
      } catch {
        this.waiter = null;
        await sleep(Math.min(500, this.opts.ackTimeoutMs)); // receiver unreachable: retry the same frame
        continue;
      }
      const reply = await wait;
      if (!reply) continue; // timeout: retransmit the very same frame (same seq, same content)
      answers.push(reply.answer);
      if (reply.answer !== "NAK") {
        return { seq, answer: reply.answer, attempts: attempt, answers, latencyMs: performance.now() - startedMs };
      }
      if (this.opts.correctClockOnNak) this.adoptReceiverTime(reply.frame);
      frame = this.frameFor(token, data, seq);
    }
    return { seq, answer: "timeout", attempts: this.opts.maxAttempts, answers, latencyMs: performance.now() - startedMs };
  }

  private expect(seq: string | null): Promise<{ answer: Answer; frame: Buffer } | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(null), this.opts.ackTimeoutMs);
      const done = (r: { answer: Answer; frame: Buffer } | null) => {
        clearTimeout(timer);
        if (this.waiter === w) this.waiter = null;
        resolve(r);
      };
      const w: Waiter = { seq, resolve: done };
      this.waiter = w;
    });
  }

  private onReply(frame: Buffer): void {
    let env;
    try {
      env = parseEnvelope(frame);
    } catch {
      return; // a corrupted answer is as good as none: the timeout retransmits
    }
    const w = this.waiter;
    if (!w || (env.token !== "ACK" && env.token !== "NAK" && env.token !== "DUH")) return;
    if (env.token !== "NAK" && w.seq !== null && (env.seq !== w.seq || env.account !== this.account)) return;
    if (env.token === "ACK" && env.encrypted && !this.validEncryptedAck(env.rest)) return;
    w.resolve({ answer: env.token, frame });
  }

  private validEncryptedAck(rest: string): boolean {
    if (!this.key) return false;
    const plain = decryptContent(rest, this.key);
    return plain !== null && parseContent(plain)?.timestamp != null;
  }

  private adoptReceiverTime(nak: Buffer): void {
    const env = parseEnvelope(nak);
    const ts = parseContent(env.rest)?.timestamp;
    if (ts) this.clockSkewMs = ts.getTime() - Date.now();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
