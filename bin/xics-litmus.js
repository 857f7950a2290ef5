#!/usr/bin/env node
// Runs the built JavaScript in dist/ (`npm run build`, which `npm install`
// runs through the `prepare` script; a published package ships dist/), so no
// TypeScript is compiled at start-up. Development and the tests run the
// sources through tsx instead (test/cli/helpers.ts).
const { main } = await import('../dist/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
