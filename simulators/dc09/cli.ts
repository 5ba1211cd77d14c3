import { parseArgs } from "node:util";
import { buildFrame } from "../../server/ingest/dc09/frame";
import { Dc09Panel, type SendResult } from "./panel";
import { SIGNALS, type SignalName } from "./signals";

// `npm run sim -- dc09 --server 127.0.0.1:9000 --account 1234 [options]`
//   --udp                 UDP instead of TCP
//   --key HEX             AES-128/192/256 key (32/48/64 hex digits): encrypted messages
//   --format cid|sia      ADM-CID (default) or SIA-DCS
//   --event NAME          intrusion (default), panic, fire, tamper, fault, acLoss, arm, disarm, test, …
//   --zone N              zone (or user) number, default 1
//   --burst N             send N events back to back (each awaits its ACK)
//   --skew S              panel clock offset in seconds (e.g. 60 or -90)
//   --bad KIND            send one broken frame: crc | length | garbage | truncated | oversized
//   --null-every S        keep running and send a NULL link test every S seconds
//   --ack-timeout MS      ACK timeout before a retransmission (default 3000)
// A tension-fence host is the same transmitter: point it at a fence host's account.

const BAD_KINDS = ["crc", "length", "garbage", "truncated", "oversized"] as const;

export async function runDc09Cli(argv: string[]): Promise<number> {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      server: { type: "string", default: "127.0.0.1:9000" }, account: { type: "string" }, udp: { type: "boolean", default: false },
      key: { type: "string" }, format: { type: "string", default: "cid" }, event: { type: "string", default: "intrusion" },
      zone: { type: "string", default: "1" }, burst: { type: "string" }, skew: { type: "string", default: "0" },
      bad: { type: "string" }, "null-every": { type: "string" }, "ack-timeout": { type: "string", default: "3000" },
    },
  });
  const [host, portText] = splitServer(v.server);
  if (!v.account || !/^[0-9A-Fa-f]{3,16}$/.test(v.account)) return usage("--account must be 3–16 hex digits");
  if (!(v.event in SIGNALS)) return usage(`--event must be one of ${Object.keys(SIGNALS).join(", ")}`);
  const panel = new Dc09Panel({
    host, port: Number(portText), account: v.account, transport: v.udp ? "udp" : "tcp", keyHex: v.key ?? null,
    format: v.format === "sia" ? "SIA-DCS" : "ADM-CID", clockSkewMs: Number(v.skew) * 1000, ackTimeoutMs: Number(v["ack-timeout"]),
  });
  try {
    if (v.bad) return await sendBad(panel, v.bad);
    if (v["null-every"]) return await supervise(panel, Number(v["null-every"]) * 1000);
    const count = v.burst ? Number(v.burst) : 1;
    const started = performance.now();
    const results: SendResult[] = [];
    for (let i = 0; i < count; i++) results.push(await panel.report(v.event as SignalName, { zone: Number(v.zone) + (count > 1 ? i % 99 : 0) }));
    report(results, performance.now() - started);
    return results.every((r) => r.answer === "ACK") ? 0 : 1;
  } finally {
    await panel.close();
  }
}

function report(results: SendResult[], elapsedMs: number): void {
  if (results.length === 1) {
    const r = results[0]!;
    console.log(`seq ${r.seq}: ${r.answer} after ${r.attempts} attempt(s) [${r.answers.join(",")}] in ${r.latencyMs.toFixed(1)} ms`);
    return;
  }
  const tally = new Map<string, number>();
  for (const r of results) tally.set(r.answer, (tally.get(r.answer) ?? 0) + 1);
  console.log(`${results.length} events in ${elapsedMs.toFixed(0)} ms (${((results.length * 1000) / elapsedMs).toFixed(0)}/s): ${[...tally].map(([a, n]) => `${a} ${n}`).join(", ")}`);
}

async function sendBad(panel: Dc09Panel, kind: string): Promise<number> {
  if (!(BAD_KINDS as readonly string[]).includes(kind)) return usage(`--bad must be one of ${BAD_KINDS.join(", ")}`);
  const good = panel.frameFor("ADM-CID", `#${panel.account}|1130 01 001`);
  const bytes: Record<(typeof BAD_KINDS)[number], Buffer> = {
    crc: Buffer.concat([good.subarray(0, 1), Buffer.from("0000"), good.subarray(5)]),
    length: Buffer.concat([good.subarray(0, 5), Buffer.from("0FFF"), good.subarray(9)]),
    garbage: Buffer.from("\x00\x01 not a DC-09 frame\r"),
    truncated: buildFrame(`"ADM-CID"0001L0#${panel.account}[`).subarray(0, 12),
    oversized: Buffer.concat([Buffer.from("\n"), Buffer.alloc(5000, 0x41), Buffer.from("\r")]),
  };
  const answer = await panel.sendRaw(bytes[kind as (typeof BAD_KINDS)[number]]);
  console.log(answer ? `answer: ${JSON.stringify(answer.toString("latin1"))}` : "no answer");
  return 0;
}

async function supervise(panel: Dc09Panel, everyMs: number): Promise<number> {
  console.log(`sending NULL every ${everyMs / 1000} s; Ctrl-C to stop`);
  const tick = async () => {
    const r = await panel.linkTest();
    console.log(`NULL seq ${r.seq}: ${r.answer}`);
  };
  await tick();
  const timer = setInterval(() => void tick(), everyMs);
  await new Promise<void>((resolve) => process.once("SIGINT", () => resolve()));
  clearInterval(timer);
  return 0;
}

function splitServer(s: string): [string, string] {
  const i = s.lastIndexOf(":");
  return i < 0 ? [s, "9000"] : [s.slice(0, i), s.slice(i + 1)];
}

function usage(problem: string): number {
  console.error(`dc09 simulator: ${problem}\nusage: npm run sim -- dc09 --server host:port --account HEX [--udp] [--key HEX] [--burst N] [--bad KIND] [--skew S] [--null-every S]`);
  return 2;
}
