// Bundles the console into the jar's static resources: src/main.ts (with the generated client and
// Chart.js) to target/classes/static/console/app.js, src/app.css beside it, src/index.html as the page
// at /. Run by Maven (npm run build) after tsc has type-checked the sources.
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';

const out = 'target/classes/static';
await mkdir(`${out}/console`, { recursive: true });
await build({
  entryPoints: ['src/main.ts'],
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: false,
  legalComments: 'linked',
  outfile: `${out}/console/app.js`,
  logLevel: 'warning',
});
await copyFile('src/app.css', `${out}/console/app.css`);
await copyFile('src/index.html', `${out}/index.html`);
