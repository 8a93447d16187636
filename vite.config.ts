import { defineConfig } from "vite";

// The client lives in client/, its static assets in assets/, and the build goes
// to dist/client, which the game server serves on the same origin as Colyseus.
export default defineConfig({
  root: "client",
  publicDir: "../assets",
  build: {
    outDir: "../dist/client",
    emptyOutDir: true,
    chunkSizeWarningLimit: 2_000, // Phaser alone is ~1.2 MB minified
  },
  server: { port: 5173, strictPort: true },
});
