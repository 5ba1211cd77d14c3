import { fileURLToPath } from "node:url";
import type { NextConfig } from "next";

// The web app lives in web/ but imports the isomorphic contracts from ../server/contracts,
// so the bundler and the output tracer must see the repository root.
const repoRoot = fileURLToPath(new URL("..", import.meta.url));

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  turbopack: { root: repoRoot },
  outputFileTracingRoot: repoRoot,
  // Served by server/main.ts as a custom server; type-checking and linting run in `npm test`.
  typescript: { ignoreBuildErrors: false, tsconfigPath: "tsconfig.json" },
};

export default nextConfig;
