import { defineConfig } from "vitest/config";

// Tauri serves the built files at the root of its own origin under a strict CSP
// (script-src 'self'; style-src 'self'), so nothing here may inject inline code.
export default defineConfig({
  clearScreen: false,
  envPrefix: ["VITE_", "TAURI_ENV_"],
  server: {
    port: 1420,
    strictPort: true,
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: ["es2021", "safari15"],
    sourcemap: false,
    // The polyfill would be bundled (not inline), but WebKitGTK does not need it.
    modulePreload: { polyfill: false },
    // Never turn small assets into data: URLs (CSP: img-src/font-src 'self').
    assetsInlineLimit: 0,
    cssCodeSplit: false,
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "happy-dom",
    // The core's word lists, as the app loads them at start (src/testing/vocabularies.ts).
    setupFiles: ["src/testing/setup.ts"],
  },
});
