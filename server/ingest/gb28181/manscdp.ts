import { XMLParser, XMLValidator } from "fast-xml-parser";

// MANSCDP (GB/T 28181-2016 Annex A): the XML bodies of SIP MESSAGE, content type
// Application/MANSCDP+xml. Devices write GB2312 (the norm's encoding, §A.1) or UTF-8; the XML
// declaration or the Content-Type charset says which. GB2312 is decoded as GB18030, its superset.

export class ManscdpError extends Error {
  override name = "ManscdpError";
  constructor(message: string, readonly reason: string) {
    super(message);
  }
}

export type ManscdpRoot = "Notify" | "Response" | "Query" | "Control";
const ROOTS: readonly ManscdpRoot[] = ["Notify", "Response", "Query", "Control"];

export interface ManscdpDoc {
  root: ManscdpRoot;
  cmdType: string;
  sn: number;
  deviceId: string;
  /** Child elements as parsed (text stays text: 20-digit ids must not become numbers). */
  fields: Record<string, unknown>;
}

export function isManscdpContentType(value: string | undefined): boolean {
  return !!value && /^\s*application\/manscdp\+xml\s*(;|$)/i.test(value);
}

const GB_FAMILY = /^(gb2312|gbk|gb18030|gb_2312-80|x-gbk|euc-cn)$/i;

/** Picks the charset from the XML declaration, then the Content-Type, then by trying UTF-8. */
export function decodeManscdpBody(body: Buffer, contentType?: string): string {
  const decl = /^\s*<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/i.exec(body.subarray(0, 200).toString("latin1"));
  const charset = decl?.[1] ?? /charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? "")?.[1];
  if (charset && GB_FAMILY.test(charset)) return new TextDecoder("gb18030").decode(body);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    // Undeclared GB2312 is common in the field; GB18030 decodes any byte sequence.
    return new TextDecoder("gb18030").decode(body);
  }
}

const parser = new XMLParser({
  parseTagValue: false,
  ignoreAttributes: false,
  trimValues: true,
  isArray: (name) => name === "Item",
  processEntities: true,
});

export function parseManscdp(body: Buffer, contentType?: string): ManscdpDoc {
  const text = decodeManscdpBody(body, contentType);
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new ManscdpError(`malformed XML: ${valid.err.msg} (line ${valid.err.line})`, "malformed_xml");
  const tree: Record<string, unknown> = parser.parse(text);
  const root = ROOTS.find((r) => r in tree);
  const node = root ? tree[root] : undefined;
  if (!root || !isRecord(node)) throw new ManscdpError("no Notify, Response, Query or Control root element", "bad_manscdp");
  const cmdType = text0(node.CmdType);
  const snText = text0(node.SN);
  const deviceId = text0(node.DeviceID);
  if (!cmdType || !/^\d{1,10}$/.test(snText) || !deviceId) {
    throw new ManscdpError(`${root} lacks CmdType, a numeric SN or DeviceID`, "bad_manscdp");
  }
  return { root, cmdType, sn: Number(snText), deviceId, fields: node };
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Text content of an element (empty string when absent or not text). */
export function text0(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  if (isRecord(v) && typeof v["#text"] === "string") return v["#text"];
  return "";
}

export interface CatalogItem {
  deviceId: string;
  name: string;
  manufacturer: string | null;
  model: string | null;
  owner: string | null;
  civilCode: string | null;
  address: string | null;
  parentId: string | null;
  status: string | null;
  longitudeDeg: number | null;
  latitudeDeg: number | null;
}

const orNull = (v: unknown): string | null => text0(v) || null;

function degrees(v: unknown, limit: number): number | null {
  const t = text0(v);
  const n = t === "" ? NaN : Number(t);
  // 0,0 is what devices without a GPS fix send: treat as unknown.
  return Number.isFinite(n) && Math.abs(n) <= limit && n !== 0 ? n : null;
}

/** Catalog response (GB/T 28181-2016 §A.2.6.4): SumNum and this page's items. */
export function catalogPage(doc: ManscdpDoc): { sumNum: number; items: CatalogItem[] } {
  const sumText = text0(doc.fields.SumNum);
  if (!/^\d{1,6}$/.test(sumText)) throw new ManscdpError("Catalog response without a numeric SumNum", "bad_manscdp");
  const list = doc.fields.DeviceList;
  const raw = isRecord(list) && Array.isArray(list.Item) ? list.Item : [];
  const items: CatalogItem[] = [];
  for (const it of raw) {
    if (!isRecord(it) || !text0(it.DeviceID)) continue;
    items.push({
      deviceId: text0(it.DeviceID), name: text0(it.Name) || text0(it.DeviceID),
      manufacturer: orNull(it.Manufacturer), model: orNull(it.Model), owner: orNull(it.Owner),
      civilCode: orNull(it.CivilCode), address: orNull(it.Address), parentId: orNull(it.ParentID),
      status: orNull(it.Status), longitudeDeg: degrees(it.Longitude, 180), latitudeDeg: degrees(it.Latitude, 90),
    });
  }
  return { sumNum: Number(sumText), items };
}

export interface AlarmNotify {
  priority: number | null;
  method: number | null;
  /** Info/AlarmType when present (2016 form), else the top-level AlarmType. */
  type: number | null;
  time: string | null;
  description: string | null;
  longitudeDeg: number | null;
  latitudeDeg: number | null;
}

const intOrNull = (v: unknown): number | null => (/^\d{1,3}$/.test(text0(v)) ? Number(text0(v)) : null);

/** Alarm notify (GB/T 28181-2016 §A.2.5.4, Table A.6 for methods, §A.2.5.4 Info for types). */
export function alarmNotify(doc: ManscdpDoc): AlarmNotify {
  const f = doc.fields;
  const info = isRecord(f.Info) ? f.Info : {};
  return {
    priority: intOrNull(f.AlarmPriority), method: intOrNull(f.AlarmMethod),
    type: intOrNull(info.AlarmType) ?? intOrNull(f.AlarmType),
    time: orNull(f.AlarmTime), description: orNull(f.AlarmDescription),
    longitudeDeg: degrees(f.Longitude, 180), latitudeDeg: degrees(f.Latitude, 90),
  };
}

/** Flat text fields of a response (DeviceStatus, DeviceInfo), nested elements dropped. */
export function flatFields(doc: ManscdpDoc): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(doc.fields)) {
    if (k.startsWith("@_") || k === "CmdType" || k === "SN" || k === "DeviceID") continue;
    if (typeof v === "string") out[k] = v;
  }
  return out;
}
