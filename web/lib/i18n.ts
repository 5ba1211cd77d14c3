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
  planner: {
    title: "覆盖规划", subtitle: "摄像机覆盖与合规（DORI，IEC 62676-4）", computing: "正在计算覆盖…",
    compliance: "区域合规", zone: "区域", required: "要求", share: "达标比例", result: "结果", rule: "依据",
    pass: "合格", fail: "不合格", passCount: "合格区域",
    camera: "摄像机", noSelection: "点击场景中的摄像机进行编辑，或添加新摄像机。", add: "添加摄像机", remove: "移除",
    yaw: "水平朝向", pitch: "俯仰角", height: "安装高度", east: "东", north: "北", lens: "镜头", dragHint: "拖动蓝色手柄移动摄像机",
    suggest: "智能补点", suggestCount: "数量", suggesting: "正在搜索最佳位置…", accept: "采纳", reject: "忽略", gain: "新增达标面积",
    noSuggestion: "没有能改善合规的候选位置。",
    draft: "方案", draftName: "方案名称", author: "编制人", save: "保存草稿", saved: "已保存", changes: "项变更",
    apply: "应用到设备台账", applyAdmin: "管理员账号", purpose: "用途/理由", applied: "已应用", report: "查看报告",
    plans: "已保存方案", newPlan: "新方案",
    legendTitle: "像素密度等级", blindSpot: "盲区",
    dori: { none: "未覆盖", detect: "探测 ≥25", observe: "观察 ≥62", recognise: "识别 ≥125", identify: "辨认 ≥250" },
    doriShort: { none: "无", detect: "探测", observe: "观察", recognise: "识别", identify: "辨认" },
    reportTitle: "覆盖方案报告", blindSpotMap: "盲区图", cameraList: "摄像机清单", change: "变更", model: "型号",
    newByModel: "新增摄像机（按型号）", count: "数量", exportCsv: "导出 CSV", print: "打印", generatedAt: "生成时间", status: "状态",
    changeKind: { added: "新增", updated: "调整", removed: "拆除", unchanged: "不变" },
    statusKind: { draft: "草稿", applied: "已应用", discarded: "已作废" },
    language: "English",
  },
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
  planner: {
    title: "Coverage planner", subtitle: "Camera coverage and compliance (DORI, IEC 62676-4)", computing: "Computing coverage…",
    compliance: "Zone compliance", zone: "Zone", required: "Required", share: "At class", result: "Result", rule: "Rule",
    pass: "Pass", fail: "Fail", passCount: "Zones passing",
    camera: "Camera", noSelection: "Click a camera in the scene to edit it, or add a new one.", add: "Add camera", remove: "Remove",
    yaw: "Yaw", pitch: "Pitch", height: "Mount height", east: "East", north: "North", lens: "Lens", dragHint: "Drag the blue handle to move the camera",
    suggest: "Suggest cameras", suggestCount: "Count", suggesting: "Searching mount points…", accept: "Accept", reject: "Reject", gain: "Area brought to class",
    noSuggestion: "No candidate improves compliance.",
    draft: "Plan", draftName: "Plan name", author: "Author", save: "Save draft", saved: "Saved", changes: "changes",
    apply: "Apply to registry", applyAdmin: "Admin user", purpose: "Purpose", applied: "Applied", report: "Report",
    plans: "Saved plans", newPlan: "New plan",
    legendTitle: "Pixel density class", blindSpot: "Blind spot",
    dori: { none: "Not covered", detect: "Detect ≥25", observe: "Observe ≥62", recognise: "Recognise ≥125", identify: "Identify ≥250" },
    doriShort: { none: "none", detect: "detect", observe: "observe", recognise: "recognise", identify: "identify" },
    reportTitle: "Coverage plan report", blindSpotMap: "Blind-spot map", cameraList: "Cameras", change: "Change", model: "Model",
    newByModel: "New cameras by model", count: "Count", exportCsv: "Export CSV", print: "Print", generatedAt: "Generated", status: "Status",
    changeKind: { added: "added", updated: "changed", removed: "removed", unchanged: "unchanged" },
    statusKind: { draft: "draft", applied: "applied", discarded: "discarded" },
    language: "中文",
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
