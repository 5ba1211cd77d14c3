// Builders for MANSCDP bodies (GB/T 28181-2016 Annex A), shared by the platform (queries) and
// the device simulator (notifies and responses). Output is UTF-8 with a matching declaration.

export const MANSCDP_CONTENT_TYPE = "Application/MANSCDP+xml";

export function xmlEscape(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);
}

type Fields = Array<[string, string | number | null | undefined]>;

function elements(fields: Fields, indent = ""): string {
  return fields
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${indent}<${k}>${xmlEscape(String(v))}</${k}>`)
    .join("\r\n");
}

function doc(root: string, cmdType: string, sn: number, deviceId: string, inner: string): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<${root}>`,
    elements([["CmdType", cmdType], ["SN", sn], ["DeviceID", deviceId]]),
    inner,
    `</${root}>`,
    "",
  ].filter((l, i, all) => l !== "" || i === all.length - 1).join("\r\n");
}

/** Platform → device query (§A.2.4): Catalog, DeviceStatus, DeviceInfo. */
export function buildQuery(cmdType: "Catalog" | "DeviceStatus" | "DeviceInfo", sn: number, deviceId: string): string {
  return doc("Query", cmdType, sn, deviceId, "");
}

export function buildKeepalive(sn: number, deviceId: string, status = "OK"): string {
  return doc("Notify", "Keepalive", sn, deviceId, elements([["Status", status]]));
}

export interface CatalogItemOut {
  deviceId: string;
  name: string;
  manufacturer?: string;
  model?: string;
  owner?: string;
  civilCode?: string;
  address?: string;
  parentId?: string;
  status?: "ON" | "OFF";
  longitudeDeg?: number;
  latitudeDeg?: number;
}

export function buildCatalogResponse(sn: number, deviceId: string, sumNum: number, items: readonly CatalogItemOut[]): string {
  const list = items
    .map((it) => `<Item>\r\n${elements([
      ["DeviceID", it.deviceId], ["Name", it.name], ["Manufacturer", it.manufacturer], ["Model", it.model],
      ["Owner", it.owner], ["CivilCode", it.civilCode], ["Address", it.address], ["Parental", 0],
      ["ParentID", it.parentId], ["SafetyWay", 0], ["RegisterWay", 1], ["Secrecy", 0], ["Status", it.status ?? "ON"],
      ["Longitude", it.longitudeDeg], ["Latitude", it.latitudeDeg],
    ])}\r\n</Item>`)
    .join("\r\n");
  return doc("Response", "Catalog", sn, deviceId, `<SumNum>${sumNum}</SumNum>\r\n<DeviceList Num="${items.length}">\r\n${list}\r\n</DeviceList>`);
}

export function buildDeviceStatusResponse(sn: number, deviceId: string, s: { online: boolean; recording: boolean; deviceTime: string }): string {
  return doc("Response", "DeviceStatus", sn, deviceId, elements([
    ["Result", "OK"], ["Online", s.online ? "ONLINE" : "OFFLINE"], ["Status", "OK"], ["Encode", "ON"],
    ["Record", s.recording ? "ON" : "OFF"], ["DeviceTime", s.deviceTime],
  ]));
}

export function buildDeviceInfoResponse(sn: number, deviceId: string, s: { name: string; manufacturer: string; model: string; firmware: string; channels: number }): string {
  return doc("Response", "DeviceInfo", sn, deviceId, elements([
    ["DeviceName", s.name], ["Result", "OK"], ["Manufacturer", s.manufacturer], ["Model", s.model],
    ["Firmware", s.firmware], ["Channel", s.channels],
  ]));
}

export interface AlarmOut {
  priority: 1 | 2 | 3 | 4;
  method: number;
  type?: number;
  time: string;
  description?: string;
}

/** Alarm notify in the 2016 form: the type sits in Info/AlarmType. */
export function buildAlarmNotify(sn: number, deviceId: string, a: AlarmOut): string {
  const info = a.type === undefined ? "" : `\r\n<Info>\r\n<AlarmType>${a.type}</AlarmType>\r\n</Info>`;
  return doc("Notify", "Alarm", sn, deviceId, elements([
    ["AlarmPriority", a.priority], ["AlarmMethod", a.method], ["AlarmTime", a.time], ["AlarmDescription", a.description],
  ]) + info);
}
