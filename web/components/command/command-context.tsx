"use client";

import { createContext, useContext } from "react";
import type { CampusModel, Device } from "../../../server/contracts/campus";
import type { AgentBuffer } from "../../lib/agents";
import type { CommandStore } from "../../lib/command-store";
import type { Locale, Messages } from "../../lib/i18n";
import type { LiveMessages } from "../../lib/i18n-live";
import type { LiveClient } from "../../lib/live-client";
import type { LiveStore } from "../../lib/live-store";

// What every panel of /command (and /wall) reads: the campus, the live and command stores, the
// agent buffer and the strings. One provider per campus view (CommandView, WallView).

export interface CommandContextValue {
  campus: CampusModel;
  devicesById: ReadonlyMap<string, Device>;
  live: LiveStore;
  command: CommandStore;
  agents: AgentBuffer;
  client: LiveClient | null;
  locale: Locale;
  t: Messages;
  lt: LiveMessages;
}

const Ctx = createContext<CommandContextValue | null>(null);
export const CommandContextProvider = Ctx.Provider;

export function useCommand(): CommandContextValue {
  const v = useContext(Ctx);
  if (!v) throw new Error("Invariant: useCommand outside a CommandContextProvider");
  return v;
}
