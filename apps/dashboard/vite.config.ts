/**
 * Vite builds the dashboard into dist/: one HTML page per question (site/<page>/index.html) with
 * shared chunks, served by the API at / (apps/api/src/app.factory.ts). `npm run dev -w
 * @threshold/dashboard` serves it with hot reload and forwards /api to a running API
 * (THRESHOLD_API_URL, default http://127.0.0.1:3000).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, defaultClientConditions } from 'vite';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

const PAGES = ['within-session', 'across-sessions', 'techniques', 'therapists', 'data'];

export default defineConfig({
  root: here('./site'),
  publicDir: here('./public'),
  base: '/',
  resolve: {
    // Workspace libraries resolve to their TypeScript sources (only types are imported today).
    conditions: ['@threshold/source', ...defaultClientConditions],
  },
  build: {
    outDir: here('./dist'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // Observable Plot with d3 is most of the bundle; one shared chunk, cached across pages.
    chunkSizeWarningLimit: 600,
    rollupOptions: {
      input: {
        overview: here('./site/index.html'),
        ...Object.fromEntries(PAGES.map((page) => [page, here(`./site/${page}/index.html`)])),
      },
    },
  },
  server: {
    proxy: { '/api': process.env.THRESHOLD_API_URL ?? 'http://127.0.0.1:3000' },
  },
});
