import { createDrillService, type DrillService } from "../drills/runner";
import type { EventLog } from "../events/log";
import type { Logger } from "../observability/logger";
import type { Db } from "../store/db";
import { createHistoryIndexer, type HistoryIndexer } from "./indexer";

// Starts history (snapshots + sighting projection) and drill mode for the server (server/app.ts).

export interface RunningHistory {
  indexer: HistoryIndexer;
  drills: DrillService;
  stop(): Promise<void>;
}

export async function startHistory(deps: { db: Db; events: EventLog; logger: Logger }): Promise<RunningHistory> {
  const indexer = createHistoryIndexer({ db: deps.db, events: deps.events, logger: deps.logger.child({ component: "history" }) });
  await indexer.start();
  const drills = createDrillService({ db: deps.db, events: deps.events });
  return {
    indexer, drills,
    async stop() {
      await drills.stop();
      await indexer.stop();
    },
  };
}
