// Entry point of batch.ts's worker threads. A worker does not inherit the
// tsx loader that bin/xics-litmus.js registered in the main thread, and
// Node 20 does not apply `--import tsx` from a worker's execArgv to the
// worker's own entry module, so this plain-JS file registers tsx and then
// loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
