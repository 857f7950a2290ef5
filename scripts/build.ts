/**
 * `npm run build`, which `npm install` runs through the `prepare` script:
 * bundles the CLI (src/cli/main.ts) and its worker threads' module
 * (src/cli/worker.ts), with commander and chalk, into dist/cli/*.cjs, then
 * takes V8's code cache of the main bundle after it has run typical commands
 * (scripts/train-code-cache.cjs), which bin/load-bundle.cjs hands to V8 at
 * every start-up.
 *
 * CommonJS, because Node 20 caches compiled code only for classic scripts
 * (node:vm's cachedData; its compile cache for ES modules is Node 22's). The
 * commands' modules stay separate inside the bundle: esbuild runs a module
 * that main.ts imports dynamically only when that command first needs it.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');
const outdir = join(root, 'dist', 'cli');

/** What the cache is trained on: the commands a developer runs most, one test each. */
const TRAINING_COMMANDS = [
  ['run', 'litmus/classic/MP/MP+lwsync+addr.litmus'],
  ['run', 'litmus/ipi/A-wakeup/IPI-A+v3.6+power7.litmus'],
];

rmSync(join(root, 'dist'), { recursive: true, force: true });
await build({
  entryPoints: [join(root, 'src', 'cli', 'main.ts'), join(root, 'src', 'cli', 'worker.ts')],
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  outdir,
  outExtension: { '.js': '.cjs' },
  logLevel: 'warning',
  // Without comments and blanks the bundle is read a third faster at every
  // start-up; names are kept, for the stack of an internal failure.
  minifyWhitespace: true,
  minifySyntax: true,
  // import.meta does not exist in CommonJS: the bundle's own URL stands in.
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
});

// A dynamic import() is left in the bundle only for a module outside it, and
// a script compiled through node:vm, as the bin's is, cannot import.
for (const name of ['main', 'worker']) {
  const file = join(outdir, `${name}.cjs`);
  const at = readFileSync(file, 'utf8').search(/\bimport\(/);
  if (at >= 0) throw new Error(`${file}: a dynamic import() at offset ${at}; load Node's modules with process.getBuiltinModule instead`);
}

const training = spawnSync(process.execPath, [join(root, 'scripts', 'train-code-cache.cjs'), JSON.stringify(TRAINING_COMMANDS)], { cwd: root, encoding: 'utf8' });
if (training.status !== 0) throw new Error(`training the code cache failed (exit ${training.status}):\n${training.stderr}`);
