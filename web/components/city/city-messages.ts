import type { Locale } from "../../lib/i18n";

// Words of the city globe (zh-CN first; the shared dictionary stays in lib/i18n.ts).

const zhCN = {
  view: "城市态势",
  campuses: "校区",
  openIncidents: "未结事件",
  devicesDown: "离线设备",
  alarmsToday: "今日报警",
  critical: "紧急/高",
  level: { critical: "紧急", warning: "告警", degraded: "设备异常", ok: "正常", unknown: "未知" },
  openTwin: "打开三维孪生",
  openMap: "电子地图",
  back: "返回全市",
  loadingGlobe: "正在加载地球…",
  buildings: "建筑",
  fenceAlarms: "围栏报警",
  clusterHint: "点击放大",
  offlineImagery: "离线影像 Natural Earth II",
};

export type CityMessages = typeof zhCN;

const en: CityMessages = {
  view: "City overview",
  campuses: "Campuses",
  openIncidents: "Open incidents",
  devicesDown: "Devices down",
  alarmsToday: "Alarms today",
  critical: "critical/high",
  level: { critical: "critical", warning: "warning", degraded: "degraded", ok: "normal", unknown: "unknown" },
  openTwin: "Open 3D twin",
  openMap: "2D map",
  back: "Whole city",
  loadingGlobe: "Loading globe…",
  buildings: "Buildings",
  fenceAlarms: "Fence alarms",
  clusterHint: "click to zoom in",
  offlineImagery: "Offline imagery Natural Earth II",
};

export function cityMessagesFor(locale: Locale): CityMessages {
  return locale === "en" ? en : zhCN;
}
