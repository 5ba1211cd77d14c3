// The data block of the two payload formats this receiver accepts (DC-09 §5.5.1.6/§5.5.1.7):
//   ADM-CID  `#acct|QEEE GG ZZZ`  Ademco Contact ID (SIA DC-05): qualifier 1 new event/opening,
//            3 restore/closing, 6 previously reported still present; 3-digit event code;
//            2-digit partition; 3-digit zone or user number.
//   SIA-DCS  `#acct|N<field>/<field>…`  SIA DC-04 (DC-03 codes): `ri<area>`, `id<user>`,
//            `ti<hh:mm>` modifiers, then two-letter event codes each with an optional address,
//            e.g. `#1234|Nri1/BA01` or `#1234|Nri1/BA01/BA02`.

export interface Signal {
  scheme: "cid" | "sia";
  /** "130" for Contact ID, "BA" for SIA. */
  code: string;
  /** Contact ID qualifier; SIA codes carry restore in the code itself. */
  qualifier: 1 | 3 | 6 | null;
  partition: number | null;
  /** Zone or user number from the message (decimal), null when absent. */
  zone: number | null;
}

export interface Payload {
  /** Account repeated inside the data block, when present. */
  account: string | null;
  signals: Signal[];
}

export class Dc09PayloadError extends Error {
  override name = "Dc09PayloadError";
}

const CID = /^(?:#([0-9A-F]{3,16})\|)?([136])(\d{3}) ?([0-9A-F]{2}) ?([0-9A-F]{3})$/;

export function parseCid(data: string): Payload {
  const m = CID.exec(data);
  if (!m) throw new Dc09PayloadError(`ADM-CID data "${data}" is not #acct|QEEE GG ZZZ`);
  return {
    account: m[1] ?? null,
    signals: [{
      scheme: "cid",
      qualifier: Number(m[2]) as 1 | 3 | 6,
      code: m[3]!,
      partition: decimalOrNull(m[4]!),
      zone: decimalOrNull(m[5]!),
    }],
  };
}

const SIA_HEAD = /^(?:#([0-9A-F]{3,16})\|)?N(.*)$/;
const SIA_EVENT = /^([A-Z]{2})([0-9A-Za-z]*)$/;
const SIA_MODIFIER = /^([a-z]{2})([^A-Z]*)(.*)$/;

export function parseSia(data: string): Payload {
  const m = SIA_HEAD.exec(data);
  if (!m) throw new Dc09PayloadError(`SIA-DCS data "${data}" is not #acct|N…`);
  let partition: number | null = null;
  const signals: Signal[] = [];
  for (const field of m[2]!.split("/")) {
    let rest = field;
    const mod = SIA_MODIFIER.exec(rest);
    if (mod) {
      if (mod[1] === "ri") partition = decimalOrNull(mod[2]!);
      rest = mod[3]!; // compact form `ri1BA01`
      if (rest === "") continue;
    }
    const ev = SIA_EVENT.exec(rest);
    if (!ev) throw new Dc09PayloadError(`SIA-DCS field "${field}" is neither a modifier nor an event code`);
    signals.push({ scheme: "sia", code: ev[1]!, qualifier: null, partition, zone: decimalOrNull(ev[2]!) });
  }
  if (signals.length === 0) throw new Dc09PayloadError(`SIA-DCS data "${data}" carries no event code`);
  return { account: m[1] ?? null, signals };
}

function decimalOrNull(s: string): number | null {
  return /^\d+$/.test(s) ? Number(s) : null;
}
