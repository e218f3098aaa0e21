import { gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

/** The most initial JavaScript (the entry chunk and what it imports statically) may weigh, gzipped. */
const INITIAL_JS_BUDGET = 300 * 1024;

/** Prints the gzipped size of the JavaScript a first visit loads, and fails the build above the budget. */
function initialJsBudget(): Plugin {
  return {
    name: 'strongroom-initial-js-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      const seen = new Set<string>();
      const visit = (fileName: string) => {
        const chunk = bundle[fileName];
        if (seen.has(fileName) || !chunk || chunk.type !== 'chunk') return;
        seen.add(fileName);
        chunk.imports.forEach(visit);
      };
      for (const chunk of Object.values(bundle)) if (chunk.type === 'chunk' && chunk.isEntry) visit(chunk.fileName);
      let total = 0;
      for (const fileName of seen) {
        const chunk = bundle[fileName];
        if (chunk.type === 'chunk') total += gzipSync(chunk.code, { level: 9 }).length;
      }
      const kb = (total / 1024).toFixed(1);
      const message = `Initial JavaScript: ${kb} KB gzipped in ${seen.size} file(s) (budget ${INITIAL_JS_BUDGET / 1024} KB)`;
      if (total > INITIAL_JS_BUDGET) this.error(message);
      process.stdout.write(`${message}\n`);
    },
  };
}

// Built into dist/console after `nest build` (which empties dist/); the server serves it at /.
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  publicDir: 'public',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: '../dist/console',
    emptyOutDir: true,
    sourcemap: false,
    reportCompressedSize: true,
    // The initial-JS budget below is the gate that matters; lazy pages keep the entry near half of it.
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      // Mantine marks its modules "use client" for React Server Components; a client bundle ignores that.
      onLog(level, log, handler) {
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
        handler(level, log);
      },
    },
  },
  plugins: [initialJsBudget()],
});
