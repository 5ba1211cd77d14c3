import type { IncidentState } from "../../server/contracts/incident";
import type { ConnectionStatus, DoorDisplay, FenceDisplay } from "./live-store";
import type { Layer } from "./command-store";
import type { Locale } from "./i18n";

// Strings of the live command view and the wall (issue 6), kept beside i18n.ts so that file stays
// small; same shape per locale, zh-CN first (the product's default language).

const zhCN = {
  connection: { connecting: "连接中", live: "实时", reconnecting: "正在重连…", offline: "离线", unauthorized: "未登录" } satisfies Record<ConnectionStatus, string>,
  layers: { frustums: "视锥", fences: "电子围栏", devices: "设备", doors: "门禁/闸机", agents: "人员车辆", heatmap: "人流热力", beacons: "报警信标" } satisfies Record<Layer, string>,
  layersTitle: "图层",
  fence: { normal: "正常", alarm: "报警", fault: "故障", disarmed: "撤防" } satisfies Record<FenceDisplay, string>,
  door: { closed: "关闭", open: "开启", forced: "强行开门", held_open: "长时未关" } satisfies Record<DoorDisplay, string>,
  incidentState: { open: "待确认", acknowledged: "已确认", dispatched: "已派警", on_scene: "已到场", resolved: "处置完毕", false_alarm: "误报" } satisfies Record<IncidentState, string>,
  severity: ["提示", "低", "中", "高", "紧急"],
  feed: "实时事件", feedAll: "全部", feedAlarms: "报警", feedAccess: "门禁/车辆", feedDevices: "设备", feedEmpty: "暂无事件",
  incidents: "当前警情", noIncidents: "无未处置警情", incident: "警情", sop: "处置流程（SOP）", linkedCameras: "联动摄像机",
  acknowledge: "确认", dispatch: "派警", onScene: "到场", resolve: "处置完毕", falseAlarm: "误报", note: "备注", addNote: "添加备注",
  notePlaceholder: "处置记录…", done: "完成", overdue: "超时", deadline: "时限", history: "处置记录", openedAt: "发生时间",
  actionFailed: "操作失败", close: "关闭", flyTo: "定位",
  device: "设备档案", deviceId: "编号", model: "型号", location: "位置", status: "状态", floor: "楼层", building: "建筑",
  statusHistory: "状态记录", recentEvents: "最近事件", faultTicket: "故障工单", noFault: "无未关闭工单", openView: "查看画面",
  faultDue: { notify: "通知时限", onSite: "到场时限", restore: "修复时限" },
  health: "设备状态", online: "在线", offline: "离线", fault: "故障", alarm: "报警", onlineRate: "在线率",
  search: "搜索车牌、人员、设备编号或建筑", searchNone: "无匹配结果", searchPlate: "车牌/人员轨迹",
  floors: "楼层", allFloors: "全部楼层", devicesOnFloor: "本层设备", closeBuilding: "返回全景",
  virtualView: "虚拟画面", density: "人流密度", densityUnit: "人/m²",
  lastSeq: "序号", language: "English",
  wall: {
    title: "一屏统览 · 态势感知", devicesOnline: "设备在线率", openIncidents: "未处置警情", alarmsToday: "今日报警",
    peopleInOut: "今日人员进出", vehiclesInOut: "今日车辆进出", peakDensity: "当前最高密度", patrol: "巡更完成率",
    noDensity: "暂无数据", takeover: "重大警情", sopProgress: "处置进度", steps: "步", reconnecting: "连接中断，正在重连…",
    sequence: "轮巡", overview: "全景", cameras: "联动画面",
  },
};

export type LiveMessages = typeof zhCN;

const en: LiveMessages = {
  connection: { connecting: "Connecting", live: "Live", reconnecting: "Reconnecting…", offline: "Offline", unauthorized: "Not logged in" },
  layers: { frustums: "Frustums", fences: "Fences", devices: "Devices", doors: "Doors & gates", agents: "People & vehicles", heatmap: "Crowd heatmap", beacons: "Alarm beacons" },
  layersTitle: "Layers",
  fence: { normal: "Normal", alarm: "Alarm", fault: "Fault", disarmed: "Disarmed" },
  door: { closed: "Closed", open: "Open", forced: "Forced", held_open: "Held open" },
  incidentState: { open: "Open", acknowledged: "Acknowledged", dispatched: "Dispatched", on_scene: "On scene", resolved: "Resolved", false_alarm: "False alarm" },
  severity: ["Info", "Low", "Medium", "High", "Critical"],
  feed: "Live events", feedAll: "All", feedAlarms: "Alarms", feedAccess: "Access & LPR", feedDevices: "Devices", feedEmpty: "No events yet",
  incidents: "Incidents", noIncidents: "No open incidents", incident: "Incident", sop: "SOP checklist", linkedCameras: "Linked cameras",
  acknowledge: "Acknowledge", dispatch: "Dispatch", onScene: "On scene", resolve: "Resolve", falseAlarm: "False alarm", note: "Note", addNote: "Add note",
  notePlaceholder: "Handling note…", done: "Done", overdue: "Overdue", deadline: "Due", history: "History", openedAt: "Opened",
  actionFailed: "Action failed", close: "Close", flyTo: "Locate",
  device: "Device file", deviceId: "ID", model: "Model", location: "Location", status: "Status", floor: "Floor", building: "Building",
  statusHistory: "Status history", recentEvents: "Recent events", faultTicket: "Fault ticket", noFault: "No open ticket", openView: "Virtual view",
  faultDue: { notify: "Notify by", onSite: "On site by", restore: "Restore by" },
  health: "Device health", online: "Online", offline: "Offline", fault: "Fault", alarm: "Alarm", onlineRate: "Online",
  search: "Search plate, person, device id or building", searchNone: "No match", searchPlate: "Plate / person sightings",
  floors: "Floors", allFloors: "All floors", devicesOnFloor: "Devices on this floor", closeBuilding: "Back to campus",
  virtualView: "Virtual view", density: "Crowd density", densityUnit: "people/m²",
  lastSeq: "seq", language: "中文",
  wall: {
    title: "Campus overview · situational awareness", devicesOnline: "Devices online", openIncidents: "Open incidents", alarmsToday: "Alarms today",
    peopleInOut: "People in/out today", vehiclesInOut: "Vehicles in/out today", peakDensity: "Peak density now", patrol: "Patrol completion",
    noDensity: "No data", takeover: "Severe incident", sopProgress: "SOP progress", steps: "steps", reconnecting: "Connection lost, reconnecting…",
    sequence: "Sequence", overview: "Overview", cameras: "Linked cameras",
  },
};

export function liveMessagesFor(locale: Locale): LiveMessages {
  return locale === "en" ? en : zhCN;
}
