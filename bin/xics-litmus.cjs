#!/usr/bin/env node
'use strict';
// Runs the built JavaScript in dist/ (`npm run build`, which `npm install`
// runs through the `prepare` script; a published package ships dist/), so no
// TypeScript is compiled at start-up, and little JavaScript: load-bundle.cjs
// takes the bytecode from V8's code cache. CommonJS, because an ES module
// entry point costs Node's module loader several milliseconds more. The
// tests and development run the sources through tsx instead
// (test/cli/helpers.ts).
const { main } = require('./load-bundle.cjs').loadBundle('main').exports;

main(process.argv.slice(2)).then((exitCode) => {
  process.exitCode = exitCode;
});
