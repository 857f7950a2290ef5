/**
 * The kernel-C compiler: what code each construct becomes, which registers
 * locals get, the retry-loop shape the engine explores exactly, ordering
 * points and overrides, origins, and the compile-time errors.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { threadPaths } from '../../src/events/paths.ts';
import type { LitmusTest } from '../../src/ir/program.ts';
import { compileKernelC, type CompileOptions, kernelCAblation, orderingPoints } from '../../src/kernel-c/compile.ts';
import { lowerKernelCForLkmm } from '../../src/kernel-c/lkmm-lower.ts';
import { parseKernelC } from '../../src/kernel-c/parser.ts';
import { assertFails } from './errors.ts';
import { listing } from './listing.ts';

const FILE = 'k.litmus';

/** A test from its metadata lines and thread functions, with a trivial condition unless given. */
function source(header: string[], threads: string[], condition = 'exists (x=0)'): string {
  return ['C t', ...header, '{}', ...threads, condition].join('\n');
}

function compile(header: string[], threads: string[], options: CompileOptions = {}, condition?: string) {
  return compileKernelC(parseKernelC(source(header, threads, condition), FILE), options);
}


const thread0 = (...body: string[]) => [`P0(int *x, int *y) {`, ...body, '}'];

describe('code for statements', () => {
  it('compiles WRITE_ONCE, READ_ONCE and plain accesses through the address registers set in the init block', () => {
    const { test } = compile([], thread0('int r1;', 'WRITE_ONCE(*x, 1);', 'r1 = *y;', '*y = r1 + 2;'));
    assert.deepEqual(listing(test.threads[0]!), ['li r31,1', 'stw r31,0(r2)', 'lwz r1,0(r3)', 'addi r31,r1,2', 'stw r31,0(r3)']);
    assert.deepEqual([...test.init.registers.get(0)!], [['r2', 'x'], ['r3', 'y']]);
  });

  it('keeps locals named like registers in those registers, and gives others the lowest free one (never r0)', () => {
    const { registers } = compile([], thread0('int r5, flag, r0;', 'flag = READ_ONCE(*x);'));
    assert.deepEqual([...registers.get(0)!].sort(), [['flag', 'r1'], ['r0', 'r0'], ['r5', 'r5']]);
  });

  it('never uses r0 as the source of addi, where it would read as 0', () => {
    const { test } = compile([], thread0('int r0;', 'r0 = r0 + 1;'));
    assert.deepEqual(listing(test.threads[0]!), ['li r31,1', 'add r0,r0,r31']);
  });

  it('loads constants with li, lis or lis+ori', () => {
    const { test } = compile([], thread0('int r1;', 'r1 = 65536;', 'r1 = 0x12345;', 'r1 = -7;'));
    assert.deepEqual(listing(test.threads[0]!), ['lis r1,1', 'lis r1,1', 'ori r1,r1,9029', 'li r1,-7']);
  });

  it('compiles if/else to a compare and branch over each arm', () => {
    const { test } = compile([], thread0('int r1;', 'r1 = READ_ONCE(*x);', 'if (r1 == 1 && r1 != 2) WRITE_ONCE(*y, 1); else r1 = 3;'));
    assert.deepEqual(listing(test.threads[0]!), [
      'lwz r1,0(r2)', 'cmpwi r1,1', 'bne L0_0', 'cmpwi r1,2', 'beq L0_0', 'li r31,1', 'stw r31,0(r3)', 'b L0_1', 'L0_0:', 'li r1,3', 'L0_1:',
    ]);
  });

  it('compiles do/while to its body and a backward branch on the condition; the LKMM has no loops', () => {
    const threads = thread0('int r1;', 'do {', 'r1 = READ_ONCE(*x);', '} while (r1 == 0);');
    assert.deepEqual(listing(compile([], threads).test.threads[0]!), ['L0_0:', 'lwz r1,0(r2)', 'cmpwi r1,0', 'beq L0_0']);
    assertFails(() => lowerKernelCForLkmm(parseKernelC(source([], threads), FILE)), { kind: 'unsupported', line: 5, col: 1, message: /loops are not in the LKMM's C/ });
  });

  it('turns a comparison used as a value into branches setting 0 or 1', () => {
    const { test } = compile([], thread0('int r1, r2;', 'r2 = r1 < 5;'));
    assert.deepEqual(listing(test.threads[0]!), ['cmpwi r1,5', 'bge L0_0', 'li r2,1', 'b L0_1', 'L0_0:', 'li r2,0', 'L0_1:']);
  });

  it('folds constant expressions, IPI_MESSAGE and message names', () => {
    const { test } = compile(['Kernel=v3.6'], thread0('int r1;', 'r1 = IPI_MESSAGE(PPC_MSG_CALL_FUNCTION) | (2 * 3 - 1);'));
    assert.deepEqual(listing(test.threads[0]!), ['lis r1,256', 'ori r1,r1,5']);
  });
});

describe('reservation loops', () => {
  /** The engine explores a retry loop as its successful iteration: one path, never cut by the unroll bound. */
  const onePath = (test: LitmusTest) => {
    const { paths } = threadPaths(test, 0, 0);
    assert.equal(paths.length, 1);
    assert.equal(paths[0]!.cutOff, false);
  };

  it('compiles xchg to the kernel loop, computing the stored value before the loop', () => {
    const { test } = compile(['Kernel=v3.6'], thread0('int r0;', 'r0 = xchg(x, 1);'));
    assert.deepEqual(listing(test.threads[0]!), ['lwsync', 'li r31,1', 'L0_0:', 'lwarx r0,r0,r1', 'stwcx. r31,r0,r1', 'bne L0_0', 'lwsync']);
    onePath(test);
  });

  it('exchanges through a temporary when the result is also the value stored', () => {
    const { test } = compile(['Kernel=v4.4'], thread0('int r0;', 'r0 = xchg(x, r0);'));
    assert.deepEqual(listing(test.threads[0]!), ['sync', 'L0_0:', 'lwarx r31,r0,r1', 'stwcx. r0,r0,r1', 'bne L0_0', 'sync', 'mr r0,r31']);
  });

  it('compiles cmpxchg with a failed compare branching past the exit barrier', () => {
    const { test } = compile(['Kernel=v3.6'], thread0('int r0;', 'r0 = cmpxchg(x, 0, 2);'));
    assert.deepEqual(listing(test.threads[0]!), [
      'lwsync', 'li r31,2', 'L0_1:', 'lwarx r0,r0,r1', 'cmpwi r0,0', 'bne L0_0', 'stwcx. r31,r0,r1', 'bne L0_1', 'lwsync', 'L0_0:',
    ]);
    assert.equal(threadPaths(test, 0, 0).paths.length, 2, 'success and failed compare; no stwcx. failure paths');
  });

  it('compiles spin_lock as lwarx/cmpwi/bne/stwcx./bne plus acquire, and spin_trylock to a success flag', () => {
    const { test } = compile(['Kernel=v3.6', 'Cpu=nolwsync'], ['P0(spinlock_t *l) {', 'int r0;', 'spin_lock(l);', 'r0 = spin_trylock(l);', '}']);
    assert.deepEqual(listing(test.threads[0]!), [
      'li r31,1', 'L0_0:', 'lwarx r30,r0,r1', 'cmpwi r30,0', 'bne L0_0', 'stwcx. r31,r0,r1', 'bne L0_0', 'isync',
      'li r31,1', 'L0_2:', 'lwarx r30,r0,r1', 'cmpwi r30,0', 'bne L0_1', 'stwcx. r31,r0,r1', 'bne L0_2', 'isync', 'li r0,1', 'b L0_3', 'L0_1:', 'li r0,0', 'L0_3:',
    ]);
  });

  it('syncs at spin_unlock only after an MMIO store in the critical section (SYNC_IO)', () => {
    const fences = (body: string[]) => compile([], ['P0(spinlock_t *l, u8 *dev) {', ...body, '}']).points.map((p) => `${p.primitives.join('>')}:${p.role}`);
    assert.deepEqual(fences(['spin_lock(l);', 'out_8(dev, 1);', 'spin_unlock(l);']), ['spin_lock:acquire barrier', 'out_8:accessor sync', 'spin_unlock:SYNC_IO', 'spin_unlock:release barrier']);
    assert.deepEqual(fences(['out_8(dev, 1);', 'spin_lock(l);', 'spin_unlock(l);']), ['out_8:accessor sync', 'spin_lock:acquire barrier', 'spin_unlock:release barrier']);
  });

  it('refuses an unlock whose SYNC_IO depends on the path', () => {
    assertFails(() => compile([], ['P0(spinlock_t *l, u8 *dev) {', 'int r1;', 'spin_lock(l);', 'if (r1) out_8(dev, 1);', 'spin_unlock(l);', '}']),
      { kind: 'unsupported', line: 7, col: 1, message: /io_sync flag/ });
  });
});

describe('accessors and the IPI handler', () => {
  it('models in_* twi as a never-taken compare and branch on the loaded value, then isync: ctrl+isync to what follows', () => {
    const { test } = compile([], ['P0(u8 *dev, int *x) {', 'int r1, r2;', 'r1 = in_8(dev);', 'r2 = READ_ONCE(*x);', '}']);
    assert.deepEqual(listing(test.threads[0]!), ['sync', 'lbz r1,0(r3)', 'cmpw r1,r1', 'bne L0_0', 'L0_0:', 'isync', 'lwz r2,0(r4)']);
    const [path] = threadPaths(test, 0, 2).paths;
    assert.equal(path!.events[1]!.ctrlIsyncDeps, 1n, 'the read of x is ordered after the device read by ctrl+isync');
  });

  it('makes the rest of the function after ipi_entry() a handler guarded by the trigger read, with isync', () => {
    const { test, registers } = compile([], ['P0() { }', 'P1(int *x) {', 'int r0;', 'r0 = 5;', 'ipi_entry();', 'r0 = READ_ONCE(*x);', '}'], {}, 'exists (1:ipi_taken=1)');
    assert.deepEqual(listing(test.threads[1]!), ['li r0,5', 'lwz r1,0(r2)', 'cmpwi r1,0', 'beq L1_0', 'isync', 'lwz r0,0(r3)', 'L1_0:']);
    assert.equal(registers.get(1)!.get('ipi_taken'), 'r1');
    assert.deepEqual(test.init.registers.get(1)!.get('r2'), 'ipi_trigger_1');
    assert.deepEqual(test.condition.prop, { kind: 'atom', loc: { kind: 'reg', thread: 1, reg: 'r1' }, value: 1, equal: true, pos: { line: 10, col: 9 } });
    const handler = threadPaths(test, 1, 2).paths.find((p) => p.events.length === 2)!;
    assert.equal(handler.events[1]!.ctrlIsyncDeps, 1n, 'the handler read is ordered after the trigger read');
  });

  it('stores the message byte into the target\'s messages word and raises its trigger', () => {
    // v3.5: message[msg] = 1 on char *message = (char *)&info->messages, RESCHEDULE = 1: byte 1 of the int.
    const { test, variableSizes } = compile(['Kernel=v3.5', 'Ipi=icp_hv'], ['P0() { smp_muxed_ipi_message_pass(1, PPC_MSG_RESCHEDULE); }', 'P1() { }']);
    assert.deepEqual(listing(test.threads[0]!), ['li r31,1', 'stb r31,1(r1)', 'sync', 'li r30,1', 'stw r30,0(r2)']);
    assert.deepEqual([...test.init.registers.get(0)!], [['r1', 'ipi_messages_1'], ['r2', 'ipi_trigger_1']]);
    assert.equal(variableSizes.get('ipi_messages_1'), 4, 'an int through v4.4');
    // v6.13: the word is an unsigned long; RM_HOST_ACTION (4) is byte 4 of it, TICK_BROADCAST (2) byte 2.
    const v613 = compile(['Kernel=v6.13', 'Ipi=xive'], ['P0() { smp_muxed_ipi_message_pass(1, PPC_MSG_RM_HOST_ACTION); smp_muxed_ipi_set_message(1, PPC_MSG_TICK_BROADCAST); }', 'P1() { }']);
    assert.deepEqual(listing(v613.test.threads[0]!), ['sync', 'li r31,1', 'stb r31,4(r1)', 'sync', 'li r30,1', 'stw r30,0(r2)', 'sync', 'li r31,1', 'stb r31,2(r1)']);
    assert.equal(v613.variableSizes.get('ipi_messages_1'), 8, 'a long from v4.14');
  });

  it('demuxes in a loop: the passes exchange the whole word (lwarx through v4.4, ldarx after) until a re-check finds it empty', () => {
    const receiver = (kernel: string) => compile([`Kernel=${kernel}`], ['P0() { int all;', 'all = smp_ipi_demux();', '}']).test.threads[0]!;
    // do { all |= xchg_local(&messages, 0); } while (info->messages);
    assert.deepEqual(listing(receiver('v3.5')), [
      'sync', 'li r1,0', 'L0_0:', 'li r29,0', 'L0_1:', 'lwarx r31,r0,r2', 'stwcx. r29,r0,r2', 'bne L0_1', 'or r1,r1,r31', 'lwz r30,0(r2)', 'cmpwi r30,0', 'bne L0_0',
    ]);
    assert.deepEqual(listing(receiver('v6.13')), [
      'sync', 'li r1,0', 'L0_0:', 'sync', 'li r29,0', 'L0_1:', 'ldarx r31,r0,r2', 'stdcx. r29,r0,r2', 'bne L0_1', 'sync', 'or r1,r1,r31', 'ld r30,0(r2)', 'cmpwi r30,0', 'bne L0_0',
    ]);
  });

  it('lowers the trigger when the kernel writes 0xff to the MFRR', () => {
    const { test } = compile([], ['P0() { icp_native_set_qirr(0, 0xff); }']);
    assert.deepEqual(listing(test.threads[0]!), ['sync', 'li r31,0', 'stw r31,0(r1)']);
  });
});

describe('target selection', () => {
  it('defaults to v6.13 on power7 with icp_native, reads the metadata, and lets options override it', () => {
    const metadata = (header: string[], options: CompileOptions = {}) => [...compile(header, ['P0() { }'], options).test.metadata];
    assert.deepEqual(metadata([]), [['Kernel', 'v6.13'], ['Cpu', 'power7'], ['Ipi', 'icp_native']]);
    assert.deepEqual(metadata(['kernel=3.5', 'CPU=nolwsync', 'Ipi=doorbell', 'Config=CONFIG_KVM_BOOK3S_HV_POSSIBLE', 'Other=kept']),
      [['Other', 'kept'], ['Kernel', 'v3.5'], ['Cpu', 'nolwsync'], ['Ipi', 'doorbell'], ['Config', 'KVM_BOOK3S_HV_POSSIBLE']]);
    assert.deepEqual(metadata(['Kernel=v3.5'], { kernel: 'v4.4', cpu: 'power9' }).slice(0, 2), [['Kernel', 'v4.4'], ['Cpu', 'power9']]);
  });

  it('refuses unknown metadata values at their line', () => {
    assertFails(() => compile(['Kernel=v9.9'], ['P0() { }']), { kind: 'input', line: 2, col: 1, message: /unknown Kernel 'v9.9': expected one of v3.5, v3.6, v4.4, v6.13/ });
    assertFails(() => compile(['Config=PREEMPT'], ['P0() { }']), { kind: 'input', line: 2, col: 1, message: /unknown kernel configuration 'PREEMPT'/ });
  });
});

describe('ordering points', () => {
  const demux = ['P0() {', 'int r0;', 'r0 = smp_ipi_demux();', '}'];

  it('records each fence with a stable id, its call chain, role and weaker form', () => {
    const points = compile(['Kernel=v3.6'], demux).points;
    assert.deepEqual(points.map((p) => [p.id, p.label, p.weakerForm]), [
      ['P0:6:6:smp_ipi_demux:mb-to-order-any-irq-clear', 'P0 line 6: smp_ipi_demux(): mb() to order any irq clear (sync)', 'lwsync'],
      ['P0:6:6:smp_ipi_demux>xchg:entry-barrier', 'P0 line 6: smp_ipi_demux() → xchg(): entry barrier (lwsync)', 'eieio'],
      ['P0:6:6:smp_ipi_demux>xchg:exit-barrier', 'P0 line 6: smp_ipi_demux() → xchg(): exit barrier (lwsync)', 'isync'],
    ]);
    assert.equal(points[1]!.call, points[2]!.call, 'the xchg\'s two barriers belong to one call');
  });

  it('recompiles with points removed or weakened, keeping every id', () => {
    const ast = parseKernelC(source(['Kernel=v3.6'], demux), FILE);
    const [mb, entry, exit] = orderingPoints(ast).map((p) => p.id);
    const changed = compileKernelC(ast, { overrides: new Map([[mb!, 'remove'], [exit!, 'weaken']]) });
    assert.deepEqual(listing(changed.test.threads[0]!).filter((l) => /sync|eieio/.test(l)), ['lwsync', 'isync']);
    assert.deepEqual(changed.points.map((p) => p.id), [mb, entry, exit]);
    const ablation = kernelCAblation(ast);
    assert.deepEqual(listing(ablation.rebuild(new Map([[entry!, 'remove']])).threads[0]!).filter((l) => /sync/.test(l)), ['sync', 'lwsync']);
  });

  it('attributes every instruction to its statement, primitive chain and role', () => {
    const { test } = compile(['Kernel=v3.6'], demux);
    const lwsync = test.threads[0]!.instructions.find((i) => i.kind === 'fence' && i.fence === 'lwsync')!;
    assert.deepEqual(lwsync.source, {
      line: 6, col: 6, text: 'smp_ipi_demux()', mnemonic: 'lwsync',
      origin: { statement: 'r0 = smp_ipi_demux();', primitive: 'smp_ipi_demux() → xchg()', role: 'entry barrier' },
    });
    const plain = compile([], thread0('WRITE_ONCE(*x, 1);')).test.threads[0]!.instructions[1]!;
    assert.deepEqual(plain.source.origin, { statement: 'WRITE_ONCE(*x, 1);', primitive: 'WRITE_ONCE', role: null });
  });
});

describe('compile-time errors', () => {
  it('names what can be called, and refuses primitives a version lacks', () => {
    assertFails(() => compile([], thread0('frobnicate(x);')), { kind: 'unsupported', line: 4, col: 1, message: /unknown function 'frobnicate': .*xics-litmus primitives/ });
    assertFails(() => compile(['Kernel=v3.6'], ['P0() { smp_muxed_ipi_set_message(0, PPC_MSG_RESCHEDULE); }']),
      { kind: 'unsupported', line: 4, col: 8, message: /smp_muxed_ipi_set_message\(\) is not in kernel v3.6 \(it is in v6.13\)/ });
    assertFails(() => compile(['Kernel=v3.6', 'Ipi=xive'], ['P0() { smp_muxed_ipi_message_pass(0, PPC_MSG_RESCHEDULE); }']),
      { kind: 'unsupported', line: 5, col: 8, message: /smp_muxed_ipi_message_pass\(\) → xive_cause_ipi\(\) is not in kernel v3.6/ });
  });

  it('checks arguments: count, pointers, constants, CPUs and messages', () => {
    assertFails(() => compile([], thread0('xchg(x);')), { kind: 'input', line: 4, col: 1, message: /xchg\(\) takes 2 arguments \(p, v\), found 1/ });
    assertFails(() => compile([], thread0('int r0;', 'r0 = xchg(*x, 1);')), { kind: 'input', line: 5, col: 11, message: /drop the '\*'/ });
    assertFails(() => compile([], thread0('WRITE_ONCE(x, 1);')), { kind: 'input', line: 4, col: 12, message: /WRITE_ONCE\(\*x, 1\)/ });
    assertFails(() => compile([], thread0('int r0;', 'icp_native_cause_ipi(r0);')), { kind: 'unsupported', line: 5, col: 22, message: /cpu must be a constant/ });
    assertFails(() => compile([], thread0('icp_native_cause_ipi(3);')), { kind: 'input', line: 4, col: 22, message: /CPU 3 is not a thread of this test \(P0..P0\)/ });
    assertFails(() => compile(['Kernel=v3.6'], thread0('smp_muxed_ipi_message_pass(0, PPC_MSG_TICK_BROADCAST);')),
      { kind: 'input', line: 5, col: 31, message: /PPC_MSG_TICK_BROADCAST is not a message in kernel v3.6 \(it is in v4.4, v6.13\)/ });
    assertFails(() => compile(['Kernel=v4.4'], thread0('smp_muxed_ipi_message_pass(0, 4);')),
      { kind: 'unsupported', line: 5, col: 31, message: /message 4 has no byte in the 4-byte messages word of kernel v4.4, which holds messages 0..3/ });
    assertFails(() => compile([], thread0('plpar_hcall_norets(1, 0, 4);')), { kind: 'unsupported', line: 4, col: 20, message: /only the H_IPI hcall/ });
    assertFails(() => compile([], thread0('smp_mb(1);')), { kind: 'input', line: 4, col: 1, message: /smp_mb\(\) takes 0 arguments/ });
    assertFails(() => compile([], thread0('int r0;', 'r0 = smp_mb();')), { kind: 'input', line: 5, col: 6, message: /smp_mb\(\) returns no value/ });
  });

  it('tells pointers from locals', () => {
    assertFails(() => compile([], thread0('x = 1;')), { kind: 'input', line: 4, col: 1, message: /write it with WRITE_ONCE\(\*x, \.\.\.\)/ });
    assertFails(() => compile([], thread0('int r0;', 'r0 = z;')), { kind: 'input', line: 5, col: 6, message: /unknown name 'z'/ });
  });

  it('keeps ipi_entry() a top-level statement, once per thread, and ipi_taken read-only', () => {
    assertFails(() => compile([], thread0('int r0;', 'if (r0) ipi_entry();')), { kind: 'input', line: 5, col: 9, message: /top level of P0/ });
    assertFails(() => compile([], thread0('ipi_entry();', 'ipi_entry();')), { kind: 'input', line: 5, col: 1, message: /only one ipi_entry\(\) per thread/ });
    assertFails(() => compile([], thread0('ipi_entry();', 'ipi_taken = 0;')), { kind: 'input', line: 5, col: 1, message: /read-only/ });
  });

  it('refuses reservations on bytes', () => {
    assertFails(() => compile([], ['P0(char *c) {', 'int r0;', 'r0 = xchg(c, 1);', '}']), { kind: 'unsupported', line: 5, col: 6, message: /only 4- and 8-byte variables can be exchanged/ });
  });
});
