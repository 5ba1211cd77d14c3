import { archiveRouter } from "./routers/archive";
import { auditRouter } from "./routers/audit";
import { authRouter } from "./routers/auth";
import { campusRouter } from "./routers/campus";
import { cityRouter } from "./routers/city";
import { coverageRouter } from "./routers/coverage";
import { devicesRouter } from "./routers/devices";
import { drillsRouter } from "./routers/drills";
import { eventsRouter } from "./routers/events";
import { faultsRouter } from "./routers/faults";
import { historyRouter } from "./routers/history";
import { incidentsRouter } from "./routers/incidents";
import { metricsRouter } from "./routers/metrics";
import { subjectsRouter } from "./routers/subjects";
import { trajectoryRouter } from "./routers/trajectory";
import { createTRPCRouter } from "./trpc";

/** Every tRPC router of the deployment. The web imports only `type AppRouter` from here. */
export const appRouter = createTRPCRouter({
  auth: authRouter,
  campus: campusRouter,
  city: cityRouter,
  devices: devicesRouter,
  events: eventsRouter,
  incidents: incidentsRouter,
  faults: faultsRouter,
  subjects: subjectsRouter,
  metrics: metricsRouter,
  audit: auditRouter,
  coverage: coverageRouter,
  history: historyRouter,
  trajectory: trajectoryRouter,
  archive: archiveRouter,
  drills: drillsRouter,
});

export type AppRouter = typeof appRouter;
