// Lint rules, including the ones that hold the architecture: browser code never imports db/ or
// *.server modules, editor/ stays free of app/, db/ and React, db/ never imports app/ or editor/.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

const serverOnly = {
  group: ["**/db/*", "**/db", "*.server", "**/*.server", "node:*"],
  message: "Browser code must not import db/ or server-only modules (*.server.ts, node:*).",
  allowTypeImports: true,
};

export default tseslint.config(
  {
    ignores: ["node_modules/", "build/", "public/build/", ".cache/", "test-results/", "playwright-report/", "data/", "db/migrations/"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        URL: "readonly",
        URLSearchParams: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
        globalThis: "readonly",
        Buffer: "readonly",
        TextEncoder: "readonly",
        TextDecoder: "readonly",
        fetch: "readonly",
        Request: "readonly",
        Response: "readonly",
        Headers: "readonly",
        FormData: "readonly",
        document: "readonly",
        window: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-console": "off",
      eqeqeq: ["error", "smart"],
    },
  },
  {
    files: ["app/**/*.tsx", "app/**/*.ts"],
    plugins: { "react-hooks": reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // Code that reaches the browser bundle: components, shared lib files, permissions, the client entry.
    files: ["app/components/**", "app/lib/**", "app/drafting/**", "app/auth/permissions.ts", "app/auth/password-policy.ts", "app/entry.client.tsx"],
    ignores: ["**/*.server.ts", "**/*.server.tsx", "**/*.test.ts", "**/*.test.tsx"],
    rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns: [serverOnly] }] },
  },
  {
    // Routes are thin: they call domain modules, never the database directly.
    files: ["app/routes/**", "app/root.tsx"],
    // Route tests may build data with db/factories (pure builders) and inspect rows.
    ignores: ["**/*.test.ts", "**/*.test.tsx"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/db/*", "**/db"],
              message: "Routes call domain modules (app/models/*.server.ts); only those touch tables.",
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    // Pages (not resource routes, which have no browser bundle).
    files: ["app/routes/**/*.tsx", "app/root.tsx"],
    ignores: ["**/*.test.tsx"],
    rules: {
      // A *.server module is empty in the browser bundle, so a constant imported from one is undefined
      // in a route's component (and crashes module-level code such as a zod schema): shared values go in
      // app/lib. Functions are fine: loaders and actions only run on the server.
      "no-restricted-syntax": [
        "error",
        {
          selector:
            "ImportDeclaration[importKind!='type'][source.value=/\\.server$/] > ImportSpecifier[importKind!='type'][imported.name=/^[A-Z][A-Z0-9_]+$/]",
          message: "Constants from a *.server module are undefined in the browser: move shared values to app/lib.",
        },
      ],
    },
  },
  {
    files: ["editor/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["**/app/*", "**/app", "~/*"], message: "editor/ is a package of its own: it must not import app/." },
            { group: ["**/db/*", "**/db"], message: "editor/ has no database: it must not import db/." },
            { group: ["react", "react-dom", "react/*", "@remix-run/*"], message: "editor/ has no React." },
          ],
        },
      ],
    },
  },
  {
    files: ["db/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["**/app/*", "**/app", "~/*"], message: "db/ must not import app/ (domain code depends on db/, not the reverse)." },
            { group: ["**/editor/*", "**/editor"], message: "db/ must not import editor/." },
          ],
        },
      ],
    },
  },
);
