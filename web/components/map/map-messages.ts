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
