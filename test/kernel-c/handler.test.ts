/**
 * IPI semantics on small shapes whose verdicts are derived by hand from
 * ppc.cat. Recurring arguments:
 * - MP (W x; W flag || R flag; R x) is forbidden exactly when both sides are
 *   ordered: the writer by sync or lwsync (in prop / fence), the reader by
 *   ppo (ctrl+isync, addr, lwsync...); otherwise observation allows it.
 * - Taking the IPI is a read of the trigger followed by a branch over the
 *   handler and an isync, so every handler access is in ctrlisync after the
 *   trigger read: the reader side of MP is always ordered, and the verdict
 *   turns on the barrier between the sender's write and its trigger.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runTest } from '../../src/engine.ts';
import type { Observation } from '../../src/outcome/result.ts';
import { compileKernelC, type CompileOptions, orderingPoints } from '../../src/kernel-c/compile.ts';
import { parseKernelC } from '../../src/kernel-c/parser.ts';
import type { CauseIpiVariant, KernelVersion } from '../../src/kernel-c/primitives.ts';

function observe(text: string, options: CompileOptions = {}): Observation {
  return runTest(compileKernelC(parseKernelC(text, 'h.litmus'), options).test).observation;
}

/** The id of the one ordering point whose label matches. */
function point(text: string, options: CompileOptions, label: RegExp): string {
  const matching = orderingPoints(parseKernelC(text, 'h.litmus'), options).filter((p) => label.test(p.label));
  assert.equal(matching.length, 1, `one point matches ${label}: ${matching.map((p) => p.label).join('; ')}`);
  return matching[0]!.id;
}

/** MP where the flag is the IPI: P0 writes x then raises CPU 1's IPI with `raise`; P1's handler reads x. */
const mpThroughIpi = (raise: string) => `C MP+ipi
{}
P0(int *x) {
  WRITE_ONCE(*x, 1);
  ${raise};
}
P1(int *x) {
  int r0;
  ipi_entry();
  r0 = READ_ONCE(*x);
}
exists (1:ipi_taken=1 /\\ 1:r0=0)`;

describe('the handler runs after, and only after, observing the trigger', () => {
  it('MP with a sync before the trigger is forbidden: MP+sync+ctrlisync', () => {
    // icp_native_cause_ipi is out_8: sync; store. W x -sync-> W trig -rfe-> R trig -ctrlisync-> R x -fre-> W x
    // is a cycle of fre;prop;hb*: the observation axiom forbids it.
    assert.equal(observe(mpThroughIpi('icp_native_cause_ipi(1)'), { kernel: 'v3.6' }), 'Never');
  });

  it('MP without a barrier before the trigger is allowed: MP+po+ctrlisync', () => {
    // v3.5's icp_hv_set_qirr is a bare hcall: W x and W trig are only in po, which ppc.cat
    // does not preserve between writes, so R x may read the initial value.
    assert.equal(observe(mpThroughIpi('icp_hv_cause_ipi(1)'), { kernel: 'v3.5' }), 'Sometimes');
  });

  it('the same test is forbidden once v3.6 adds mb() to icp_hv_set_qirr, and allowed again without that point', () => {
    const text = mpThroughIpi('icp_hv_cause_ipi(1)');
    assert.equal(observe(text, { kernel: 'v3.6' }), 'Never');
    const mb = point(text, { kernel: 'v3.6' }, /mb\(\) before the H_IPI hcall/);
    assert.equal(observe(text, { kernel: 'v3.6', overrides: new Map([[mb, 'remove']]) }), 'Sometimes');
    // Weakened to lwsync it still orders W x before W trig (lwsync orders W->W), so MP+lwsync+ctrlisync is forbidden.
    assert.equal(observe(text, { kernel: 'v3.6', overrides: new Map([[mb, 'weaken']]) }), 'Never');
  });

  it('a handler that did not run leaves its locals alone: no state has ipi_taken=0 and a handler result', () => {
    const text = mpThroughIpi('icp_native_cause_ipi(1)').replace('exists (1:ipi_taken=1 /\\ 1:r0=0)', 'exists (1:ipi_taken=0 /\\ 1:r0=1)');
    assert.equal(observe(text), 'Never');
  });

  it('the handler is not taken when the trigger is lowered before it is seen', () => {
    // P0 raises then lowers CPU 1's IPI (same location, coherence order raise -> lower). P1 can
    // read either value, so both outcomes exist; with nothing else written, ipi_taken=1 means it read the raise.
    const text = `C raise-lower
{}
P0() {
  icp_native_cause_ipi(1);
  icp_native_set_qirr(1, 0xff);
}
P1() {
  ipi_entry();
}
exists (1:ipi_taken=1)`;
    assert.equal(observe(text), 'Sometimes');
  });
});

/** T (facts §7, table in §4): the message, then the trigger; the handler exchanges the messages word. */
const messageThenTrigger = `C T
{}
P0() {
  smp_muxed_ipi_message_pass(1, PPC_MSG_RESCHEDULE);
}
P1() {
  int r0;
  ipi_entry();
  r0 = smp_ipi_demux();
}
exists (1:ipi_taken=1 /\\ 1:r0=0)`;

describe('T: IPI taken but message not seen, per cause_ipi variant and version', () => {
  // P1's xchg is after the trigger read by ctrl+isync, so the verdict is that of MP with
  // whatever orders the message store before the trigger on P0.
  const cases: [KernelVersion, CauseIpiVariant, Observation, string][] = [
    ['v3.5', 'icp_native', 'Never', 'mb() after the message store, and out_8\'s sync'],
    ['v3.5', 'icp_hv', 'Never', 'mb() after the message store (message_pass still had it)'],
    ['v3.5', 'doorbell', 'Never', 'mb() after the message store'],
    ['v3.6', 'icp_hv', 'Never', 'mb() added to icp_hv_set_qirr'],
    ['v3.6', 'doorbell', 'Never', 'mb() added before msgsnd'],
    ['v3.6', 'psurge', 'Never', 'out_8\'s sync'],
    ['v6.13', 'doorbell', 'Never', 'ppc_msgsnd_sync()'],
    ['v6.13', 'xive', 'Never', 'out_be64\'s sync'],
    ['v6.13', 'icp_opal', 'Sometimes', 'nothing: smp_mb() comes before the message store, and OPAL orders nothing'],
  ];
  for (const [kernel, ipi, expected, why] of cases) {
    it(`${kernel} ${ipi}: ${expected} (${why})`, () => assert.equal(observe(messageThenTrigger, { kernel, ipi }), expected));
  }

  it('v6.13 icp_opal with KVM HV: kvmppc_set_host_ipi()\'s smp_mb() orders the message before the trigger', () => {
    assert.equal(observe(messageThenTrigger, { kernel: 'v6.13', ipi: 'icp_opal', kvmHv: true }), 'Never');
  });

  it('v3.6 needs the variant\'s own barrier: without it the message store and the trigger are unordered', () => {
    for (const [ipi, label] of [['icp_hv', /mb\(\) before the H_IPI hcall/], ['doorbell', /mb\(\) before msgsnd/], ['icp_native', /out_8 sync/]] as const) {
      const options = { kernel: 'v3.6', ipi } as const;
      const removed = new Map([[point(messageThenTrigger, options, label), 'remove' as const]]);
      assert.equal(observe(messageThenTrigger, { ...options, overrides: removed }), 'Sometimes', ipi);
    }
  });
});

/** A (facts §7): data, then the message; the receiver, already in its demux loop, takes the message then reads the data. */
const wakeup = `C A
{}
P0(int *wake) {
  WRITE_ONCE(*wake, 1);
  smp_muxed_ipi_message_pass(1, PPC_MSG_RESCHEDULE);
}
P1(int *wake) {
  int r0;
  int r1;
  r0 = smp_ipi_demux();
  r1 = READ_ONCE(*wake);
}
exists (1:r0=65536 /\\ 1:r1=0)`;

describe('A: the wakeup bug fixed by 9fb1b36', () => {
  it('v3.5 allows it: nothing orders the data before the message on P0, nor the message before the data on P1', () => {
    assert.equal(observe(wakeup, { kernel: 'v3.5' }), 'Sometimes');
  });

  it('v3.6 on POWER7 forbids it: sync before the message store, and the xchg\'s trailing lwsync (MP+sync+lwsync)', () => {
    assert.equal(observe(wakeup, { kernel: 'v3.6', cpu: 'power7' }), 'Never');
  });

  it('v3.6 needs both halves on POWER7: either the sender\'s smp_mb() or the receiver\'s xchg exit barrier alone is not enough', () => {
    const options = { kernel: 'v3.6', cpu: 'power7' } as const;
    for (const label of [/smp_mb\(\) before the message store/, /xchg\(\): exit barrier/]) {
      assert.equal(observe(wakeup, { ...options, overrides: new Map([[point(wakeup, options, label), 'remove']]) }), 'Sometimes', String(label));
    }
  });

  it('v3.6 without lwsync still allows it in ppc.cat: the acquire isync follows a branch that does not depend on the lwarx', () => {
    // The xchg ends `stwcx.; bne 1b; isync`. In herd's semantics CR0 after stwcx. depends on the
    // stored value, the address and the reservation address, not on the value lwarx read, so the
    // isync gives no ctrlisync from the message read to the data read: R msg and R wake stay unordered.
    assert.equal(observe(wakeup, { kernel: 'v3.6', cpu: 'nolwsync' }), 'Sometimes');
  });

  it('v4.4 forbids it on every CPU: xchg is sync … sync', () => {
    assert.equal(observe(wakeup, { kernel: 'v4.4', cpu: 'nolwsync' }), 'Never');
  });
});

/** B (facts §7): the receiver lowers its trigger, then demuxes; a message sent meanwhile must not be lost. */
const noLostIpi = `C B
{}
P0() {
  smp_muxed_ipi_message_pass(1, PPC_MSG_RESCHEDULE);
}
P1(int *ipi_trigger_1) {
  int r0;
  icp_native_set_qirr(1, 0xff);
  r0 = smp_ipi_demux();
}
exists (1:r0=0 /\\ ipi_trigger_1=0)`;

describe('B: the "order any irq clear" barrier', () => {
  // Lost = P1 reads no message and its lowering store is co-after P0's raise:
  // W msg -sync-> W trig=1 -co-> W trig=0 -?-> R msg=0 -fr-> W msg, the R shape.
  it('v3.6 forbids a lost IPI: sync on both sides (R+syncs)', () => {
    assert.equal(observe(noLostIpi, { kernel: 'v3.6' }), 'Never');
  });

  it('v3.5 without smp_ipi_demux()\'s mb() allows it: xchg_local has no barrier, so W trig=0 and R msg are unordered (R+sync+po)', () => {
    const options = { kernel: 'v3.5' } as const;
    const mb = point(noLostIpi, options, /mb\(\) to order any irq clear/);
    assert.equal(observe(noLostIpi, options), 'Never');
    assert.equal(observe(noLostIpi, { ...options, overrides: new Map([[mb, 'remove']]) }), 'Sometimes');
  });

  it('v3.6 without that mb() still forbids it: the exchange also writes the messages word, after the xchg\'s entry lwsync', () => {
    // Reading 0 from the initial value, P1's stwcx. must be co-before P0's message store (atomicity),
    // giving W trig=0 -lwsync-> W msg=0 -co-> W msg -sync-> W trig=1 -co-> W trig=0: 2+2W+lwsync+sync,
    // which ppc.cat forbids (lwsync orders W->W). Removing every barrier of P1 allows it again.
    const options = { kernel: 'v3.6', cpu: 'power7' } as const;
    const ast = parseKernelC(noLostIpi, 'h.litmus');
    const mb = point(noLostIpi, options, /mb\(\) to order any irq clear/);
    assert.equal(observe(noLostIpi, { ...options, overrides: new Map([[mb, 'remove']]) }), 'Never');
    const all = new Map(orderingPoints(ast, options).filter((p) => p.thread === 1).map((p) => [p.id, 'remove' as const]));
    assert.equal(observe(noLostIpi, { ...options, overrides: all }), 'Sometimes');
  });

  it('v4.4 without that mb() still forbids it: the fully ordered xchg starts with sync', () => {
    const options = { kernel: 'v4.4' } as const;
    const mb = point(noLostIpi, options, /mb\(\) to order any irq clear/);
    assert.equal(observe(noLostIpi, { ...options, overrides: new Map([[mb, 'remove']]) }), 'Never');
  });
});

/** C (facts §7): two CPUs send CPU 2 different messages, each a byte of its messages word, which CPU 2 exchanges whole. */
const twoSenders = (condition: string) => `C C
{}
P0(int *x) {
  WRITE_ONCE(*x, 1);
  smp_mb();
  smp_muxed_ipi_message_pass(2, PPC_MSG_RESCHEDULE);
}
P1() {
  smp_muxed_ipi_message_pass(2, PPC_MSG_CALL_FUNCTION);
}
P2(int *x, int *ipi_trigger_2, int *ipi_messages_2) {
  int all;
  int r0;
  ipi_entry();
  icp_native_set_qirr(2, 0xff);
  all = smp_ipi_demux();
  if (all & IPI_MESSAGE(PPC_MSG_RESCHEDULE)) {
    r0 = READ_ONCE(*x);
  }
}
${condition}`;

describe('C: two senders, one receiver', () => {
  const v36 = { kernel: 'v3.6', cpu: 'power7' } as const;
  // RESCHEDULE is byte 1 (1 << 16), CALL_FUNCTION byte 0 (1 << 24) of the big-endian int.
  const both = twoSenders('exists (2:all=0x1010000)');
  const lost = twoSenders('exists (ipi_trigger_2=0 /\\ ((2:all=0 \\/ 2:all=0x1000000) /\\ (ipi_messages_2=0 \\/ ipi_messages_2=0x1000000) \\/ (2:all=0 \\/ 2:all=0x10000) /\\ (ipi_messages_2=0 \\/ ipi_messages_2=0x10000)))');
  const stale = twoSenders('exists ((2:all=0x10000 \\/ 2:all=0x1010000) /\\ 2:r0=0)');

  it('the demux can take both messages (in one exchange or in two passes)', () => {
    assert.equal(observe(both, v36), 'Sometimes');
  });

  it('no exchange clears a byte it did not take, even with every barrier removed: the reservation covers the whole word', () => {
    // A cleared byte's last write is a stwcx.; its lwarx read the 1 or a later exchange's 0, never a write
    // before the message store (atomicity), so some exchange read the 1 and its bit is in all.
    assert.equal(observe(lost, v36), 'Never');
    const none = new Map(orderingPoints(parseKernelC(lost, 'h.litmus'), v36).map((p) => [p.id, 'remove' as const]));
    assert.equal(observe(lost, { ...v36, overrides: none }), 'Never');
  });

  it('a handler sees the other sender\'s data only through the exchange\'s exit barrier', () => {
    // CPU 2 may take CPU 1's interrupt and find CPU 0's byte: R x=0 -fre-> W x -sync-> W byte -rfe-> R word -?-> R x.
    assert.equal(observe(stale, v36), 'Never', 'MP+sync+lwsync');
    assert.equal(observe(stale, { kernel: 'v3.5' }), 'Sometimes', 'xchg_local: MP+sync+po, the interrupt being the other sender\'s');
    const exit = point(stale, v36, /xchg\(\): exit barrier/);
    assert.equal(observe(stale, { ...v36, overrides: new Map([[exit, 'remove']]) }), 'Sometimes');
  });
});
