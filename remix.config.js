/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  serverModuleFormat: "esm",
  serverBuildPath: "build/remix/index.js",
  assetsBuildDirectory: "public/build",
  publicPath: "/build/",
  // yjs, lib0, y-protocols, y-prosemirror and @hocuspocus/* must stay external: a bundled copy
  // beside an external one loads Yjs twice (see the stack notes).
  serverDependenciesToBundle: [],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
  },
};
