import { campusRouter } from "./routers/campus";
import { coverageRouter } from "./routers/coverage";
import { createTRPCRouter } from "./trpc";

/** Every tRPC router of the deployment. The web imports only `type AppRouter` from here. */
export const appRouter = createTRPCRouter({
  campus: campusRouter,
  coverage: coverageRouter,
});

export type AppRouter = typeof appRouter;
