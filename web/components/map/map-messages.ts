import type { Locale } from "../../lib/i18n";

// Words of the 2D map and its duty log (zh-CN first; the shared dictionary stays in lib/i18n.ts).

const zhCN = {
  view: "电子地图",
  dutyLog: "值班记录",
  dutyLogToday: "今日报警与围栏事件",
  print: "打印值班记录",
  printedAt: "打印时间",
  time: "时间",
  event: "事件",
  device: "设备",
  severity: "级别",
  empty: "今日暂无报警。",
  fenceZones: "围栏防区",
  inAlarm: "报警",
  inFault: "故障",
  devicesDown: "离线设备",
  popup: { checkpoint: "巡更点", guard: "保安", lastCheckin: "最近打卡", notChecked: "今日未打卡", incident: "事件", perM2: "人/㎡" },
  patrol: "巡更进度",
  patrolEmpty: "今日暂无巡更打卡。",
  guardsOnDuty: "在岗保安",
  openIncidents: "未结事件",
  densityZones: "密度区域",
  legend: {
    title: "图例", fence: "围栏（正常/报警/故障）", route: "巡更路线", checkpointOk: "巡更点：2 小时内已打卡",
    checkpointDue: "巡更点：超过 2 小时未打卡", checkpointNone: "巡更点：今日未打卡", guard: "保安最后位置",
    incident: "未结事件（颜色=级别）", heat: "人员密度热力",
  },
  live: { connecting: "连接中", live: "实时", reconnecting: "重连中", unauthorised: "未登录", closed: "已断开" },
  severityName: ["提示", "低", "中", "高", "紧急"],
  kind: {
    "fence.alarm": "围栏报警", "fence.alarm_restored": "围栏报警恢复", "fence.fault": "围栏故障", "fence.fault_restored": "围栏故障恢复",
    "alarm.intrusion": "入侵报警", "alarm.panic": "一键报警", "alarm.unclassified": "报警", "fire.smoke": "烟感报警",
    "electric.alarm": "电气火灾报警", "access.forced": "门被强行打开", "face.watchlist_hit": "布控人员命中", "alarm.video": "视频报警",
  } as Record<string, string>,
};

export type MapMessages = typeof zhCN;

const en: MapMessages = {
  view: "Electronic map",
  dutyLog: "Duty log",
  dutyLogToday: "Today's alarms and fence events",
  print: "Print duty log",
  printedAt: "Printed",
  time: "Time",
  event: "Event",
  device: "Device",
  severity: "Severity",
  empty: "No alarms today.",
  fenceZones: "Fence zones",
  inAlarm: "in alarm",
  inFault: "fault",
  devicesDown: "Devices down",
  popup: { checkpoint: "Checkpoint", guard: "Guard", lastCheckin: "Last check-in", notChecked: "not checked today", incident: "Incident", perM2: "people/m²" },
  patrol: "Patrol progress",
  patrolEmpty: "No patrol check-ins today.",
  guardsOnDuty: "Guards",
  openIncidents: "Open incidents",
  densityZones: "Density zones",
  legend: {
    title: "Legend", fence: "Fence (normal / alarm / fault)", route: "Patrol route", checkpointOk: "Checkpoint checked < 2 h",
    checkpointDue: "Checkpoint due (> 2 h)", checkpointNone: "Checkpoint not checked today", guard: "Guard's last position",
    incident: "Open incident (colour = severity)", heat: "Crowd density",
  },
  live: { connecting: "connecting", live: "live", reconnecting: "reconnecting", unauthorised: "not logged in", closed: "closed" },
  severityName: ["info", "low", "medium", "high", "critical"],
  kind: {
    "fence.alarm": "Fence alarm", "fence.alarm_restored": "Fence alarm restored", "fence.fault": "Fence fault", "fence.fault_restored": "Fence fault restored",
    "alarm.intrusion": "Intrusion", "alarm.panic": "Panic button", "alarm.unclassified": "Alarm", "fire.smoke": "Smoke",
    "electric.alarm": "Electrical fire", "access.forced": "Door forced", "face.watchlist_hit": "Watchlist hit", "alarm.video": "Video alarm",
  },
};

export function mapMessagesFor(locale: Locale): MapMessages {
  return locale === "en" ? en : zhCN;
}
