/**
 * The expansion table against the facts document
 * (../shared/docs/kernel-ipi-facts.md; sections cited per test).
 * Expansions are flattened through nested calls to fence kinds and access
 * skeletons, e.g. xchg in v3.6 on POWER7 is [lwsync, swap, lwsync].
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatPrimitivesTable } from '../../src/cli/primitives.ts';
import { messageBit, messagesWordSize } from '../../src/kernel-c/ipi.ts';
import {
  CAUSE_IPI_VARIANTS, constantValue, CPU_FLAVOURS, DEFAULT_TARGET, expansion, KERNEL_VERSIONS, PRIMITIVES, primitiveSpec, type Target, weakerFence,
} from '../../src/kernel-c/primitives.ts';

function flat(name: string, target: Partial<Target> = {}): string[] {
  const t: Target = { ...DEFAULT_TARGET, ...target };
  const steps = expansion(primitiveSpec(name)!, t);
  if (steps === null) return ['unavailable'];
  return steps.flatMap((s) => {
    if (s.kind === 'fence') return [s.fence];
    if (s.kind === 'call') return flat(s.primitive, t);
    // A loop over a called primitive (the demux passes) shows its body in braces.
    return s.primitive === null ? [s.access] : [`${s.access} {`, ...flat(s.primitive, t), '}'];
  });
}

const every = <T>(values: readonly T[], check: (value: T) => void) => values.forEach(check);

describe('plain barriers (§5)', () => {
  it('mb, rmb, wmb and smp_mb are sync everywhere', () => {
    for (const name of ['mb', 'rmb', 'wmb', 'smp_mb', 'smp_mb__before_atomic', 'smp_mb__after_atomic', 'smp_mb__after_spinlock']) {
      every(KERNEL_VERSIONS, (kernel) => every(CPU_FLAVOURS, (cpu) => assert.deepEqual(flat(name, { kernel, cpu }), ['sync'], `${name} ${kernel} ${cpu}`)));
    }
  });

  it('smp_rmb is LWSYNC: lwsync with lwsync, sync without', () => {
    assert.deepEqual(flat('smp_rmb', { cpu: 'power7' }), ['lwsync']);
    assert.deepEqual(flat('smp_rmb', { cpu: 'nolwsync' }), ['sync']);
  });

  it('smp_wmb is SMPWMB: lwsync on ppc64, eieio without lwsync', () => {
    assert.deepEqual(flat('smp_wmb', { cpu: 'power7' }), ['lwsync']);
    assert.deepEqual(flat('smp_wmb', { cpu: 'nolwsync' }), ['eieio']);
  });

  it('barrier() emits nothing; the explicit instructions are themselves, lwsync() running as sync without lwsync', () => {
    assert.deepEqual(flat('barrier'), []);
    assert.deepEqual(flat('sync'), ['sync']);
    assert.deepEqual(flat('isync'), ['isync']);
    assert.deepEqual(flat('eieio'), ['eieio']);
    assert.deepEqual(flat('lwsync', { cpu: 'nolwsync' }), ['sync']);
  });
});

describe('xchg and cmpxchg (§5)', () => {
  it('v3.5/v3.6 xchg is RELEASE; loop; ACQUIRE: lwsync…lwsync on POWER7 (isync patched to lwsync), sync…isync without lwsync', () => {
    for (const kernel of ['v3.5', 'v3.6'] as const) {
      assert.deepEqual(flat('xchg', { kernel, cpu: 'power7' }), ['lwsync', 'swap', 'lwsync']);
      assert.deepEqual(flat('xchg', { kernel, cpu: 'nolwsync' }), ['sync', 'swap', 'isync']);
    }
  });

  it('v4.4y and v6.13 xchg is fully ordered: sync … sync', () => {
    for (const kernel of ['v4.4', 'v6.13'] as const) {
      every(CPU_FLAVOURS, (cpu) => assert.deepEqual(flat('xchg', { kernel, cpu }), ['sync', 'swap', 'sync']));
    }
  });

  it('xchg_local is the bare lwarx/stwcx. loop in every version', () => {
    every(KERNEL_VERSIONS, (kernel) => assert.deepEqual(flat('xchg_local', { kernel }), ['swap']));
  });

  it('cmpxchg has the same barriers, and a failed compare skips the trailing one', () => {
    assert.deepEqual(flat('cmpxchg', { kernel: 'v3.6', cpu: 'power7' }), ['lwsync', 'cmpxchg', 'lwsync']);
    assert.deepEqual(flat('cmpxchg', { kernel: 'v4.4' }), ['sync', 'cmpxchg', 'sync']);
    const exitOf = (name: string) => expansion(primitiveSpec(name)!, { ...DEFAULT_TARGET, kernel: 'v3.6' })!.at(-1)!;
    const cmpxchgExit = exitOf('cmpxchg'), xchgExit = exitOf('xchg');
    assert.ok(cmpxchgExit.kind === 'fence' && cmpxchgExit.skippedOnFailure);
    assert.ok(xchgExit.kind === 'fence' && !xchgExit.skippedOnFailure);
  });

  it('the atomic_ forms and the acquire/release variants follow the same macros', () => {
    assert.deepEqual(flat('atomic_xchg', { kernel: 'v3.6' }), flat('xchg', { kernel: 'v3.6' }));
    assert.deepEqual(flat('atomic_cmpxchg', { kernel: 'v6.13' }), flat('cmpxchg', { kernel: 'v6.13' }));
    assert.deepEqual(flat('xchg_acquire', { cpu: 'nolwsync' }), ['swap', 'isync']);
    assert.deepEqual(flat('xchg_release', { cpu: 'nolwsync' }), ['sync', 'swap']);
    assert.deepEqual(flat('cmpxchg_relaxed'), ['cmpxchg']);
  });
});

describe('locks, accessors and acquire/release (§5)', () => {
  it('spin_lock is the lwarx/cmpwi/bne/stwcx. loop and the acquire barrier; unlock is SYNC_IO, lwsync, store 0', () => {
    assert.deepEqual(flat('spin_lock', { kernel: 'v3.6', cpu: 'power7' }), ['lock', 'lwsync']);
    assert.deepEqual(flat('spin_lock', { kernel: 'v3.6', cpu: 'nolwsync' }), ['lock', 'isync']);
    assert.deepEqual(flat('spin_unlock', { kernel: 'v3.6', cpu: 'power7' }), ['sync', 'lwsync', 'store']);
    const syncIo = expansion(primitiveSpec('spin_unlock')!, DEFAULT_TARGET)![0]!;
    assert.ok(syncIo.kind === 'fence' && syncIo.onlyAfterMmioStore, 'the sync only follows an MMIO store');
    assert.deepEqual(flat('spin_trylock'), ['trylock', 'lwsync']);
  });

  it('out_* are sync; store and in_* are sync; load; twi; isync, with the accessor width', () => {
    assert.deepEqual(flat('out_8'), ['sync', 'store']);
    assert.deepEqual(flat('in_be32'), ['sync', 'load', 'twi', 'isync']);
    const store = expansion(primitiveSpec('out_8')!, DEFAULT_TARGET)![1]!;
    assert.ok(store.kind === 'access' && store.size === 1 && store.mmio);
    const load = expansion(primitiveSpec('in_be64')!, DEFAULT_TARGET)![1]!;
    assert.ok(load.kind === 'access' && load.size === 8);
  });

  it('smp_load_acquire and smp_store_release put __lwsync() after the load and before the store', () => {
    assert.deepEqual(flat('smp_load_acquire'), ['load', 'lwsync']);
    assert.deepEqual(flat('smp_store_release', { cpu: 'nolwsync' }), ['sync', 'store']);
  });
});

describe('cause_ipi variants (§1, §4)', () => {
  it('icp_native: out_8\'s sync before the MFRR store in every version', () => {
    every(KERNEL_VERSIONS, (kernel) => assert.deepEqual(flat('icp_native_cause_ipi', { kernel }), ['sync', 'trigger']));
  });

  it('icp_hv: no barrier in v3.5; the fix adds mb() in icp_hv_set_qirr (v3.6 on)', () => {
    assert.deepEqual(flat('icp_hv_cause_ipi', { kernel: 'v3.5' }), ['trigger']);
    for (const kernel of ['v3.6', 'v4.4', 'v6.13'] as const) assert.deepEqual(flat('icp_hv_cause_ipi', { kernel }), ['sync', 'trigger']);
  });

  it('doorbell: bare msgsnd in v3.5, mb() from v3.6, ppc_msgsnd_sync() in v6.13', () => {
    assert.deepEqual(flat('doorbell_cause_ipi', { kernel: 'v3.5' }), ['trigger']);
    assert.deepEqual(flat('doorbell_cause_ipi', { kernel: 'v3.6' }), ['sync', 'trigger']);
    assert.deepEqual(flat('doorbell_cause_ipi', { kernel: 'v4.4' }), ['sync', 'trigger']);
    assert.deepEqual(flat('doorbell_cause_ipi', { kernel: 'v6.13' }), ['sync', 'trigger']);
  });

  it('icp_opal (v6.13 only): no barrier of its own; smp_mb() and host_ipi only with KVM HV (§4, §6)', () => {
    assert.deepEqual(flat('icp_opal_cause_ipi', { kernel: 'v3.6' }), ['unavailable']);
    assert.deepEqual(flat('icp_opal_cause_ipi', { kernel: 'v6.13', kvmHv: false }), ['trigger']);
    assert.deepEqual(flat('icp_opal_cause_ipi', { kernel: 'v6.13', kvmHv: true }), ['sync', 'store', 'trigger']);
    assert.deepEqual(flat('icp_native_cause_ipi', { kernel: 'v6.13', kvmHv: true }), ['sync', 'store', 'sync', 'trigger']);
  });

  it('psurge and xive use out_8 / out_be64 (sync); xive only in v6.13', () => {
    assert.deepEqual(flat('smp_psurge_cause_ipi', { kernel: 'v3.5' }), ['sync', 'trigger']);
    assert.deepEqual(flat('xive_cause_ipi', { kernel: 'v4.4' }), ['unavailable']);
    assert.deepEqual(flat('xive_cause_ipi', { kernel: 'v6.13' }), ['sync', 'trigger']);
  });

  it('non-muxed message_pass: mpic MMIO and cell iic sync first; mpic DCR (mtdcr) and ps3 (hcall) have no barrier', () => {
    assert.deepEqual(flat('smp_mpic_message_pass'), ['sync', 'trigger']);
    assert.deepEqual(flat('iic_message_pass'), ['sync', 'trigger']);
    assert.deepEqual(flat('smp_mpic_message_pass_dcr'), ['trigger']);
    assert.deepEqual(flat('ps3_smp_message_pass'), ['trigger']);
  });

  it('every variant name a test can select is a cause_ipi primitive', () => {
    for (const name of Object.values(CAUSE_IPI_VARIANTS)) assert.equal(primitiveSpec(name)?.group, 'cause_ipi', name);
  });
});

describe('mux and demux (§1, §2, §3)', () => {
  it('v3.5 message_pass: message store, mb(), cause_ipi; v3.6 and v4.4: smp_mb() before the message store', () => {
    assert.deepEqual(flat('smp_muxed_ipi_message_pass', { kernel: 'v3.5', ipi: 'icp_hv' }), ['message-store', 'sync', 'trigger']);
    assert.deepEqual(flat('smp_muxed_ipi_message_pass', { kernel: 'v3.6', ipi: 'icp_hv' }), ['sync', 'message-store', 'sync', 'trigger']);
    assert.deepEqual(flat('smp_muxed_ipi_message_pass', { kernel: 'v4.4', ipi: 'doorbell' }), ['sync', 'message-store', 'sync', 'trigger']);
  });

  it('v6.13 message_pass goes through smp_muxed_ipi_set_message (v4.14+), which older versions lack', () => {
    assert.deepEqual(flat('smp_muxed_ipi_message_pass', { kernel: 'v6.13', ipi: 'icp_opal' }), ['sync', 'message-store', 'trigger']);
    assert.deepEqual(flat('smp_muxed_ipi_set_message', { kernel: 'v3.6' }), ['unavailable']);
  });

  it('smp_ipi_demux: mb(), then a loop of passes, each xchg_local in v3.5 and xchg from v3.6', () => {
    assert.deepEqual(flat('smp_ipi_demux', { kernel: 'v3.5' }), ['sync', 'demux {', 'swap', '}']);
    assert.deepEqual(flat('smp_ipi_demux', { kernel: 'v3.6', cpu: 'power7' }), ['sync', 'demux {', 'lwsync', 'swap', 'lwsync', '}']);
    assert.deepEqual(flat('smp_ipi_demux', { kernel: 'v4.4' }), ['sync', 'demux {', 'sync', 'swap', 'sync', '}']);
    assert.deepEqual(flat('smp_ipi_demux', { kernel: 'v6.13' }), ['sync', 'demux {', 'sync', 'swap', 'sync', '}']);
    assert.deepEqual(flat('smp_ipi_demux_relaxed', { kernel: 'v6.13' }), ['demux {', 'sync', 'swap', 'sync', '}'], 'sync-free apart from the xchg');
  });

  it('llist_del_all is xchg, llist_empty a plain load tested against NULL, llist_add its own cmpxchg loop', () => {
    assert.deepEqual(flat('llist_del_all', { kernel: 'v3.6' }), ['lwsync', 'swap', 'lwsync']);
    assert.deepEqual(flat('llist_empty'), ['load', 'is-null']);
    assert.deepEqual(flat('llist_add'), ['llist-add']);
  });

  it('message numbers per version (§2, §3) and their bits in the big-endian word', () => {
    assert.equal(constantValue('PPC_MSG_RESCHEDULE', 'v3.5'), 1);
    assert.equal(constantValue('PPC_MSG_CALL_FUNC_SINGLE', 'v3.6'), 2);
    assert.equal(constantValue('PPC_MSG_TICK_BROADCAST', 'v3.6'), null);
    assert.equal(constantValue('PPC_MSG_TICK_BROADCAST', 'v4.4'), 2);
    assert.equal(constantValue('PPC_MSG_NMI_IPI', 'v6.13'), 3);
    // §2: message k is bit 1 << (24 - 8*k) of the v3.x int; from v4.14 the word is a long, the same bytes from the top.
    assert.equal(messageBit(0, messagesWordSize('v3.6')), 1 << 24);
    assert.equal(messageBit(1, messagesWordSize('v4.4')), 1 << 16);
    assert.equal(messageBit(4, messagesWordSize('v4.4')), null, 'an int has no byte 4');
    assert.equal(messageBit(0, messagesWordSize('v6.13')), 2 ** 56);
    assert.equal(messageBit(4, messagesWordSize('v6.13')), 2 ** 24, 'RM_HOST_ACTION (4) is byte 4 of the long');
  });
});

describe('the table as a whole', () => {
  it('every call names a primitive, and every expansion resolves for every target', () => {
    for (const spec of PRIMITIVES) {
      for (const kernel of KERNEL_VERSIONS) {
        for (const cpu of CPU_FLAVOURS) {
          for (const kvmHv of [false, true]) {
            for (const step of expansion(spec, { kernel, cpu, kvmHv, ipi: 'icp_native' }) ?? []) {
              if (step.kind === 'call') assert.ok(primitiveSpec(step.primitive), `${spec.name} calls ${step.primitive}`);
            }
          }
        }
      }
    }
  });

  it('weakening goes sync → lwsync → eieio, an acquire lwsync to isync, and no further', () => {
    assert.equal(weakerFence('sync', false), 'lwsync');
    assert.equal(weakerFence('lwsync', false), 'eieio');
    assert.equal(weakerFence('lwsync', true), 'isync');
    assert.equal(weakerFence('isync', true), null);
    assert.equal(weakerFence('eieio', false), null);
  });

  it('the primitives command prints one line per primitive for one target, grouped lines across targets', () => {
    const one = formatPrimitivesTable({ kernel: 'v3.6', cpu: 'power7' });
    assert.match(one, /xchg\(p, v\) {2}\[§5[^\n]*\n {6}lwsync \[entry barrier, PPC_RELEASE_BARRIER\]; 1: lwarx p; stwcx\. v; bne- 1b; lwsync \[exit barrier, PPC_ACQUIRE_BARRIER\]\n/);
    const all = formatPrimitivesTable({});
    assert.match(all, /icp_hv_cause_ipi\(cpu\)[^\n]*\n {6}v3\.5: [^\n]*\n {6}v3\.6 v4\.4 v6\.13: [^\n]*mb\(\) before the H_IPI hcall/);
    assert.match(all, /xive_cause_ipi\(cpu\)[^\n]*\n {6}v3\.5 v3\.6 v4\.4: \(not in this kernel; only in v6\.13\)/);
    assert.match(all, /smp_rmb\(\)[^\n]*\n {6}power7 power9: lwsync[^\n]*\n {6}nolwsync: sync/);
  });
});
