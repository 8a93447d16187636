import { defineConfig, type Plugin } from "vite";

/**
 * Fontsource's CSS offers every slice of Noto Sans KR as woff2 and, for browsers without woff2
 * (none that runs Phaser 4), woff. Dropping the woff fallbacks keeps ~4.9 MB of files that no
 * player downloads out of dist/client.
 */
const woff2Only = (): Plugin => ({
  name: "fontsource-woff2-only",
  enforce: "pre",
  transform(code, id) {
    if (!/[\\/]@fontsource[\\/].*\.css$/.test(id)) return null;
    return { code: code.replace(/,\s*url\([^)]*\.woff\)\s*format\(["']woff["']\)/g, ""), map: null };
  },
});

// The client lives in client/, its static assets in assets/, and the build goes
// to dist/client, which the game server serves on the same origin as Colyseus.
export default defineConfig({
  root: "client",
  publicDir: "../assets",
  plugins: [woff2Only()],
  build: {
    outDir: "../dist/client",
    emptyOutDir: true,
    chunkSizeWarningLimit: 2_000, // Phaser alone is ~1.2 MB minified
  },
  server: { port: 5173, strictPort: true },
});
