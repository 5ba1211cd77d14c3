import { defineConfig } from "prisma/config";

// Only `prisma generate` is used (offline); migrations are applied by server/store/migrate.ts.
export default defineConfig({
  schema: "prisma/schema.prisma",
});
