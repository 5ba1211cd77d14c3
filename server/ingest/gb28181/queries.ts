import type { DeviceSession, PlatformContext } from "./context";
import type { QueryAnswers } from "./handle-message";
import { buildQuery } from "./manscdp-build";
import { catalogPage, flatFields, type CatalogItem, type ManscdpDoc } from "./manscdp";

// Platform → device queries (GB/T 28181-2016 §9.5) and the collection of their answers. A
// Catalog answer may come in many MESSAGEs (§A.2.6.4: each carries SumNum and a page of
// items); they are gathered by device and SN until SumNum distinct channels have arrived,
// then written to the device registry in one go.

export class Gb28181QueryError extends Error {
  override name = "Gb28181QueryError";
}

type CmdType = "Catalog" | "DeviceStatus" | "DeviceInfo";

interface Waiter {
  cmdType: CmdType;
  sumNum: number | null;
  items: Map<string, CatalogItem>;
  timer: NodeJS.Timeout;
  resolve(value: unknown): void;
  reject(err: Error): void;
}

export interface Queries extends QueryAnswers {
  catalog(gbId: string): Promise<CatalogItem[]>;
  deviceStatus(gbId: string): Promise<Record<string, string>>;
  deviceInfo(gbId: string): Promise<Record<string, string>>;
  stop(): void;
}

export function createQueries(ctx: PlatformContext): Queries {
  const waiting = new Map<string, Waiter>();
  let sn = 1 + Math.floor(Math.random() * 100_000);
  const keyOf = (gbId: string, cmdType: string, n: number) => `${gbId}|${cmdType}|${n}`;

  function wait<T>(gbId: string, cmdType: CmdType, n: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const key = keyOf(gbId, cmdType, n);
      const timer = setTimeout(() => {
        const w = waiting.get(key);
        waiting.delete(key);
        if (w && cmdType === "Catalog" && w.items.size > 0) void storeCatalog(gbId, w); // keep what arrived
        reject(new Gb28181QueryError(`${cmdType} answer from ${gbId} incomplete after ${ctx.opts.catalogTimeoutS} s (${w?.items.size ?? 0}/${w?.sumNum ?? "?"})`));
      }, ctx.opts.catalogTimeoutS * 1000);
      waiting.set(key, { cmdType, sumNum: null, items: new Map(), timer, resolve: (v) => resolve(v as T), reject });
    });
  }

  async function ask<T>(gbId: string, cmdType: CmdType): Promise<T> {
    const session = ctx.sessions.get(gbId);
    if (!session?.registered) throw new Gb28181QueryError(`Device ${gbId} is not registered`);
    const n = sn++;
    const answer = wait<T>(gbId, cmdType, n);
    answer.catch(() => undefined); // may settle before our caller awaits it; the caller still sees the rejection
    const status = await ctx.outgoing.sendManscdp(session.remote, gbId, buildQuery(cmdType, n, gbId)).catch((err: Error) => {
      cancel(keyOf(gbId, cmdType, n), err);
      return 0;
    });
    if (status >= 300) cancel(keyOf(gbId, cmdType, n), new Gb28181QueryError(`${cmdType} query to ${gbId} answered ${status}`));
    return answer;
  }

  function cancel(key: string, err: Error): void {
    const w = waiting.get(key);
    if (!w) return;
    waiting.delete(key);
    clearTimeout(w.timer);
    w.reject(err);
  }

  async function storeCatalog(gbId: string, w: Waiter): Promise<void> {
    const items = [...w.items.values()];
    try {
      const { created, updated } = await ctx.registry.upsertChannels(gbId, items);
      ctx.metrics.catalogChannels.inc({}, items.length);
      ctx.deps.logger.debug("gb28181 catalog stored", { gbId, created, updated });
    } catch (err) {
      ctx.deps.logger.error("gb28181 catalog store failed", { gbId, error: String(err) });
      throw err;
    }
  }

  async function onCatalog(session: DeviceSession, doc: ManscdpDoc): Promise<boolean> {
    const key = keyOf(session.gbId, "Catalog", doc.sn);
    let w = waiting.get(key);
    const solicited = !!w;
    if (!w) {
      // Unsolicited catalog (a device pushing changes, or an answer to a query we gave up on).
      void wait<CatalogItem[]>(session.gbId, "Catalog", doc.sn).catch(() => undefined);
      w = waiting.get(key)!;
    }
    const page = catalogPage(doc);
    w.sumNum = page.sumNum;
    for (const it of page.items) w.items.set(it.deviceId, it);
    if (w.items.size < page.sumNum) return solicited;
    waiting.delete(key);
    clearTimeout(w.timer);
    try {
      await storeCatalog(session.gbId, w);
      w.resolve([...w.items.values()]);
    } catch (err) {
      w.reject(err instanceof Error ? err : new Error(String(err)));
    }
    return solicited;
  }

  async function onFlat(session: DeviceSession, doc: ManscdpDoc, cmdType: "DeviceStatus" | "DeviceInfo"): Promise<boolean> {
    const fields = flatFields(doc);
    if (cmdType === "DeviceStatus") session.status = fields;
    else session.info = fields;
    const row = await ctx.registry.find(session.gbId);
    if (row) await ctx.registry.mergeAttrs(row.id, { [cmdType === "DeviceStatus" ? "gbDeviceStatus" : "gbDeviceInfo"]: fields });
    const key = keyOf(session.gbId, cmdType, doc.sn);
    const w = waiting.get(key);
    if (!w) return false;
    waiting.delete(key);
    clearTimeout(w.timer);
    w.resolve(fields);
    return true;
  }

  return {
    catalog: (gbId) => ask<CatalogItem[]>(gbId, "Catalog"),
    deviceStatus: (gbId) => ask<Record<string, string>>(gbId, "DeviceStatus"),
    deviceInfo: (gbId) => ask<Record<string, string>>(gbId, "DeviceInfo"),
    async onResponse(session, doc) {
      if (doc.cmdType === "Catalog") return onCatalog(session, doc);
      if (doc.cmdType === "DeviceStatus" || doc.cmdType === "DeviceInfo") return onFlat(session, doc, doc.cmdType);
      return false;
    },
    stop() {
      for (const key of [...waiting.keys()]) cancel(key, new Gb28181QueryError("GB/T 28181 platform stopped"));
    },
  };
}
