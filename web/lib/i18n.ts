import type { Building, DeviceKind } from "../../server/contracts/campus";

// A small dictionary; zh-CN is the default language of the product (issue 6 adds switching).

export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";

const zhCN = {
  appName: "CampusTwin 校园安防数字孪生",
  commandView: "指挥视图",
  campus: "校区",
  buildings: "建筑",
  devices: "设备",
  cameras: "摄像机",
  loading: "正在加载校区模型…",
  noCampus: "尚无校区数据。请先生成或导入校区（npm run campus:generate / campus:import）。",
  loadFailed: "加载失败",
  retry: "重试",
  legend: "图例",
  sourceGenerated: "生成校区",
  sourceOsm: "OSM 导入",
  osmAttribution: "© OpenStreetMap contributors",
  dragHint: "左键平移 · 右键旋转 · 滚轮缩放",
  device: {
    camera: "摄像机", lpr_camera: "车牌识别", face_camera: "人脸抓拍", density_camera: "密度摄像机",
    fence_segment: "电子围栏防区", fence_host: "围栏主机", alarm_panel: "报警主机",
    intrusion_detector: "入侵探测器", panic_button: "一键报警", access_door: "门禁",
    gate: "闸机/大门", patrol_checkpoint: "巡更点", smoke_sensor: "烟感", electric_fire_sensor: "电气火灾",
  } satisfies Record<DeviceKind, string>,
  building: {
    teaching: "教学楼", dormitory: "宿舍", canteen: "食堂", library: "图书馆", lab: "实验楼", admin: "行政楼",
    gym: "体育馆", guard_room: "门卫室", control_room: "监控中心", other: "其他",
  } satisfies Record<Building["kind"], string>,
};

export type Messages = typeof zhCN;

const en: Messages = {
  appName: "CampusTwin campus security twin",
  commandView: "Command view",
  campus: "Campus",
  buildings: "Buildings",
  devices: "Devices",
  cameras: "Cameras",
  loading: "Loading campus model…",
  noCampus: "No campus yet. Generate or import one (npm run campus:generate / campus:import).",
  loadFailed: "Failed to load",
  retry: "Retry",
  legend: "Legend",
  sourceGenerated: "Generated campus",
  sourceOsm: "OSM import",
  osmAttribution: "© OpenStreetMap contributors",
  dragHint: "Left drag: pan · right drag: rotate · wheel: zoom",
  device: {
    camera: "Camera", lpr_camera: "LPR camera", face_camera: "Face camera", density_camera: "Density camera",
    fence_segment: "Fence zone", fence_host: "Fence host", alarm_panel: "Alarm panel",
    intrusion_detector: "Intrusion detector", panic_button: "Panic button", access_door: "Access door",
    gate: "Gate", patrol_checkpoint: "Patrol checkpoint", smoke_sensor: "Smoke sensor", electric_fire_sensor: "Electrical-fire sensor",
  },
  building: {
    teaching: "Teaching", dormitory: "Dormitory", canteen: "Canteen", library: "Library", lab: "Laboratory", admin: "Administration",
    gym: "Gym", guard_room: "Guard room", control_room: "Control room", other: "Other",
  },
};

const MESSAGES: Record<Locale, Messages> = { "zh-CN": zhCN, en };

export function messagesFor(locale: Locale = DEFAULT_LOCALE): Messages {
  return MESSAGES[locale];
}

export function isLocale(value: string | null | undefined): value is Locale {
  return value === "zh-CN" || value === "en";
}
