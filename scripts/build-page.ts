// Builds the playground's page: bundles src/playground/web (Preact + htm, all from node_modules, no network)
// into dist/playground/public as app.js and app.css, and copies index.html beside them.
// Run: npx tsx scripts/build-page.ts

import { copyFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const root = resolve(__dirname, '..');
const web = join(root, 'src/playground/web');
const out = join(root, 'dist/playground/public');

async function main(): Promise<void> {
  const started = Date.now();
  mkdirSync(out, { recursive: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: [
      { in: join(web, 'main.ts'), out: 'app' },
      { in: join(web, 'styles/app.css'), out: 'app' },
    ],
    outdir: out,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
    minify: true,
    sourcemap: true,
    // The page type-checks with its own tsconfig (npx tsc -p src/playground/web); esbuild only strips types.
    tsconfig: join(web, 'tsconfig.json'),
    logLevel: 'warning',
    metafile: true,
  });
  copyFileSync(join(web, 'index.html'), join(out, 'index.html'));
  const sizes = Object.entries(result.metafile.outputs)
    .filter(([file]) => !file.endsWith('.map'))
    .map(([file, o]) => `${file.replace(`${root}/`, '')} ${(o.bytes / 1024).toFixed(1)} KB`);
  // Quiet by default: `npm start` prints the bot's lines only. `--verbose` for the sizes.
  if (process.argv.includes('--verbose')) console.log(`page built in ${Date.now() - started} ms: ${sizes.join(', ')}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
