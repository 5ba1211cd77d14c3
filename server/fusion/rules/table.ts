import { intrusionRule, fenceRule, panicRule } from "./alarms";
import { afterHoursAccessRule, forcedDoorRule, heldOpenRule } from "./doors";
import { electricRule, fireRule } from "./fire";
import { densityRule, loiteringRule, watchlistRule } from "./people";
import type { LinkageRule } from "./types";

/** Every linkage rule, evaluated in this order for each event (an event may match several). */
export const LINKAGE_RULES: readonly LinkageRule[] = [
  intrusionRule, fenceRule, panicRule, fireRule, electricRule, forcedDoorRule, heldOpenRule,
  watchlistRule, densityRule, loiteringRule, afterHoursAccessRule,
];
