// Entry point of batch.ts's worker threads when the CLI runs from the
// TypeScript sources (development and the tests; the built CLI's workers run
// dist/cli/worker.js directly, see batch.ts). A worker does not inherit the
// tsx loader registered in the main thread, and Node 20 does not apply
// `--import tsx` from a worker's execArgv to the worker's own entry module,
// so this plain-JS file registers tsx and then loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
