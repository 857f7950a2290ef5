'use strict';
/**
 * Loads one of the CommonJS bundles `npm run build` writes into dist/cli/
 * (scripts/build.ts) through V8's code cache: `<bundle>.cjs.cache`, which the
 * build takes after running typical commands, holds the bytecode of every
 * function those ran, so a start-up compiles almost nothing. V8 checks the
 * cache against its own version and flags and the bundle's source, and
 * rejects one that does not fit (another Node, other V8 flags): the bundle
 * is then compiled as usual, only slower. This file is plain JavaScript, as
 * it is what loads the built JavaScript.
 */
const { readFileSync } = require('node:fs');
const { createRequire, wrap } = require('node:module');
const { dirname, join } = require('node:path');
const { Script } = require('node:vm');

/** The bundle's file, for a name such as 'main'. */
function bundleFile(name) {
  return join(__dirname, '..', 'dist', 'cli', `${name}.cjs`);
}

/** Runs the bundle as Node runs a CommonJS module; returns its exports and the compiled script. */
function loadBundle(name) {
  const file = bundleFile(name);
  let cachedData;
  try {
    cachedData = readFileSync(`${file}.cache`);
  } catch {
    // No cache (a build that could not take one): compile from the source.
  }
  const script = new Script(wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
  const bundle = { exports: {} };
  script.runInThisContext().call(bundle.exports, bundle.exports, createRequire(file), bundle, file, dirname(file));
  return { exports: bundle.exports, script };
}

module.exports = { bundleFile, loadBundle };
