/**
 * Vite builds the dashboard into dist/: one HTML page per question (site/<page>/index.html) with
 * shared chunks, served by the API at / (apps/api/src/app.factory.ts). `npm run dev -w
 * @threshold/dashboard` serves it with hot reload and forwards /api to a running API
 * (THRESHOLD_API_URL, default http://127.0.0.1:3000).
 *
 * Every page is page-template.html with the page's own title and entry script put in its head
 * (the plugin below), so that the frame (meta tags, icon, the note for browsers without
 * JavaScript) is written once. A page is a folder of site/ with an index.html: adding one needs no
 * change here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, defaultClientConditions, type Plugin } from 'vite';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/** The folders of site/ that hold a page. */
const PAGES = readdirSync(here('./site'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(here(`./site/${entry.name}/index.html`)))
  .map((entry) => entry.name)
  .sort();

const PAGE_MARKER = '<!-- threshold:page -->';

/** Wraps each page's lines (title, entry script) in page-template.html, before Vite reads the page. */
function pageShell(): Plugin {
  const template = readFileSync(here('./page-template.html'), 'utf8');
  if (!template.includes(PAGE_MARKER)) throw new Error(`page-template.html has no ${PAGE_MARKER}`);
  return {
    name: 'threshold-page-shell',
    transformIndexHtml: {
      order: 'pre',
      // The page file's own comment (pointing here) is dropped; its lines are indented into the head.
      handler: (page) =>
        template.replace(
          PAGE_MARKER,
          page
            .replace(/<!--[\s\S]*?-->/g, '')
            .trim()
            .split(/\r?\n/)
            .join('\n    '),
        ),
    },
  };
}

export default defineConfig({
  root: here('./site'),
  publicDir: here('./public'),
  base: '/',
  plugins: [pageShell()],
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
