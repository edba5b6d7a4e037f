// Unit tests of the console's pure parts (SSE reading, problem messages, memory lines) with node's own test
// runner: each *.test.ts is bundled by esbuild for node, then run by `node --test`.
import { build } from 'esbuild';
import { readdir } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(here, '../../target/unit-tests');
const tests = (await readdir(here)).filter((f) => f.endsWith('.test.ts'));
await build({
  entryPoints: tests.map((f) => path.join(here, f)),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outdir: out,
  outExtension: { '.js': '.mjs' },
  logLevel: 'warning',
});
const run = spawnSync(process.execPath, ['--test', ...tests.map((f) => path.join(out, f.replace(/\.ts$/, '.mjs')))], { stdio: 'inherit' });
process.exit(run.status ?? 1);
