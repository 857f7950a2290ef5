'use strict';
/**
 * Build step (scripts/build.ts): runs the commands given as JSON on the main
 * bundle, loaded as bin/xics-litmus.cjs loads it, output discarded, then
 * writes the code cache of everything they compiled beside the bundle. It is
 * plain JavaScript run by plain `node`, so the cache carries the V8 flags the
 * bin starts with (V8 rejects a cache taken under other flags).
 */
const { writeFileSync } = require('node:fs');
const { bundleFile, loadBundle } = require('../bin/load-bundle.cjs');

const discard = { stdout() {}, stderr() {} };

async function train(commands) {
  const { exports, script } = loadBundle('main');
  for (const argv of commands) {
    const exitCode = await exports.main(argv, discard);
    if (exitCode !== 0) throw new Error(`xics-litmus ${argv.join(' ')}: exit code ${exitCode}`);
  }
  writeFileSync(`${bundleFile('main')}.cache`, script.createCachedData());
}

train(JSON.parse(process.argv[2])).catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exitCode = 1;
});
