// Bundles server/ (and the modules it imports from app/ and db/) into build/server.js. Packages
// stay external, so Node loads exactly one copy of each, the same copy the Remix build loads.
import { build } from "esbuild";

await build({
  entryPoints: ["server/index.ts"],
  outfile: "build/server.js",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
