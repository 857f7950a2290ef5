/**
 * Kernel-C ordering points plug into the barrier ablation (src/barriers):
 * kernelCAblation gives the test, its points and a rebuild that recompiles
 * the C with points removed or weakened. Checked on the v3.6 wakeup shape,
 * whose answer is derived here.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { ablate } from '../../src/barriers/ablation.ts';
import { kernelCAblation } from '../../src/kernel-c/compile.ts';
import { parseKernelC } from '../../src/kernel-c/parser.ts';

const file = fileURLToPath(new URL('fixtures/IPI-A+v3.6.litmus', import.meta.url));

it('classifies each barrier of the v3.6 wakeup shape and finds the two that matter', () => {
  const report = ablate(kernelCAblation(parseKernelC(readFileSync(file, 'utf8'), file)));
  // P0: W wake; [smp_mb] W msg; [out_8 sync] W trig.  P1: [mb] [entry lwsync] R msg (lwarx) ... [exit lwsync] R wake.
  // - smp_mb: without it W wake and W msg are unordered (Sometimes); as lwsync they are ordered and
  //   MP+lwsync+lwsync is forbidden (Never): it could be weaker.
  // - out_8's sync and P1's mb and entry lwsync order nothing in the cycle: redundant.
  // - the exit lwsync is the only thing ordering R msg before R wake; weakened to isync it orders
  //   nothing either (ppc.cat sees no dependency from the lwarx to the branch after stwcx.): necessary.
  assert.deepEqual(report.points.map((p) => [p.point.label, p.withoutIt, p.weakened, p.classification]), [
    ['P0 line 19: smp_muxed_ipi_message_pass(): smp_mb() before the message store (sync)', 'Sometimes', 'Never', 'could be weaker'],
    ['P0 line 19: smp_muxed_ipi_message_pass() → icp_native_cause_ipi() → icp_native_set_qirr(): out_8 sync (sync)', 'Never', 'Never', 'redundant'],
    ['P1 line 27: smp_ipi_demux(): mb() to order any irq clear (sync)', 'Never', 'Never', 'redundant'],
    ['P1 line 27: smp_ipi_demux() → xchg(): entry barrier (lwsync)', 'Never', 'Never', 'redundant'],
    ['P1 line 27: smp_ipi_demux() → xchg(): exit barrier (lwsync)', 'Sometimes', 'Sometimes', 'necessary'],
  ]);
  assert.deepEqual(report.minimalSet?.map((p) => p.id), ['P0:19:2:smp_muxed_ipi_message_pass:smp-mb-before-the-message-store', 'P1:27:7:smp_ipi_demux>xchg:exit-barrier']);
  assert.equal(report.minimalExact, true);
});
