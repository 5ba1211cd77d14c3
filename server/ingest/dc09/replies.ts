import { encryptContent } from "./crypto";
import { buildFrame, formatTimestamp, header, type Envelope } from "./frame";

// Receiver answers (DC-09 §5.5.2):
//   ACK  `"ACK"<seq>[R<rcvr>]L<pref>#<acct>[]` echoes seq, receiver, line and account;
//        for an encrypted message `"*ACK"…#<acct>[<hex of pad|]_timestamp>` (§5.5.2.1).
//   NAK  `"NAK"0000R0L0A0[]_HH:MM:SS,MM-DD-YYYY` carries the receiver's time so the panel can
//        correct its clock and retransmit (§5.5.2.2); it never echoes anything of the message.
//   DUH  `"DUH"<seq>[R<rcvr>]L<pref>#<acct>[]`: well formed, but this receiver cannot process
//        it (§5.5.2.3); the panel must not retransmit it.

type Echo = Pick<Envelope, "seq" | "receiver" | "line" | "account">;
const echo = (e: Echo): Echo => ({ seq: e.seq, receiver: e.receiver, line: e.line, account: e.account });

export function ackFrame(to: Echo, key: Buffer | null, now: Date): Buffer {
  if (key === null) return buildFrame(`${header({ ...echo(to), token: "ACK" })}]`);
  const hex = encryptContent(`]${formatTimestamp(now)}`, key);
  return buildFrame(`${header({ ...echo(to), token: "ACK", encrypted: true })}${hex}`);
}

export function duhFrame(to: Echo): Buffer {
  return buildFrame(`${header({ ...echo(to), token: "DUH" })}]`);
}

export function nakFrame(now: Date): Buffer {
  return buildFrame(`"NAK"0000R0L0A0[]${formatTimestamp(now)}`);
}
