/**
 * How the IPI library models what the kernel does with hardware, firmware and
 * per-CPU words (the primitives' expansions are in primitives.ts):
 *
 * - Raising an IPI on CPU n is a word store of 1 to `ipi_trigger_n`, whatever
 *   raises it (MMIO store to the MFRR or ESB page, `msgsnd`, an hcall or an
 *   OPAL call). Only the barriers the kernel's code puts before it order it:
 *   hypervisor, firmware and `msgsnd` are black boxes that order nothing.
 *   Lowering it (writing 0xff, the least favoured priority, to the MFRR)
 *   stores 0. The trigger is an abstraction, not memory, so it is a word
 *   whatever the width of the accessor that really raises it.
 * - Taking the interrupt is `ipi_entry();` in the thread of CPU n: a read of
 *   `ipi_trigger_n`; the rest of the function, the handler, runs only if it
 *   read 1, and starts with the context synchronisation of taking an
 *   interrupt (compiled as `cmpwi; beq end; isync`, i.e. ctrl+isync).
 * - CPU n's muxed message word `messages` is `ipi_messages_n`, laid out as
 *   the kernel has it: an `int` through v4.4 and an `unsigned long` from
 *   v4.14 (facts §3), big-endian, each message one byte of it. A message is
 *   sent by a byte store of 1 at the message's offset (`message[msg] = 1`
 *   through `char *message = (char *)&info->messages`), and taken by
 *   exchanging the whole word (lwarx/stwcx. through v4.4, ldarx/stdcx. from
 *   v4.14), so two senders storing different bytes meet one exchange:
 *   mixed-size accesses, which the engine models.
 * - smp_ipi_demux() is the kernel's loop: `do { all = xchg(&messages, 0);
 *   <handlers for all>; } while (messages);`. It returns what every pass
 *   took, OR-ed, and the test's code after it stands for the handlers; the
 *   passes run as a loop bounded by --unroll like any other.
 * - KVM's per-CPU `host_ipi` flag is `kvm_host_ipi_n`.
 */

import type { KernelVersion } from './primitives.ts';

export type IpiWord = 'trigger' | 'messages' | 'host_ipi';

/** The location of CPU `cpu`'s word (a symbolic CPU name such as `this` for the table). */
export function ipiLocation(word: IpiWord, cpu: number | string): string {
  switch (word) {
    case 'trigger': return `ipi_trigger_${cpu}`;
    case 'messages': return `ipi_messages_${cpu}`;
    case 'host_ipi': return `kvm_host_ipi_${cpu}`;
  }
}

/** Bytes of an IPI word: `messages` as wide as the kernel's; the trigger and host_ipi flag are abstract words. */
export function ipiWordSize(word: IpiWord, kernel: KernelVersion): 4 | 8 {
  return word === 'messages' ? messagesWordSize(kernel) : 4;
}

/** Value stored in the trigger to raise it; lowering it stores 0. */
export const TRIGGER_RAISED = 1;
/** What the kernel writes to the MFRR to lower an IPI (the least favoured priority). */
export const MFRR_CLEAR = 0xff;

/** The value a trigger store holds when the kernel writes `value` to the MFRR (or passes it to H_IPI / OPAL). */
export function triggerValue(value: number): number {
  return value === MFRR_CLEAR ? 0 : TRIGGER_RAISED;
}

/** Bytes of the `messages` word: an int through v4.4, a long from v4.14 (of the versions modelled, v6.13). */
export function messagesWordSize(kernel: KernelVersion): 4 | 8 {
  return kernel === 'v6.13' ? 8 : 4;
}

/**
 * The bit message `msg` sets in a big-endian `messages` word of `wordSize`
 * bytes: its byte is byte `msg` from the most significant, so the kernel's
 * IPI_MESSAGE(msg) is `1 << (24 - 8 * msg)` for an int and
 * `1 << (56 - 8 * msg)` for a long. Null when the word has no such byte.
 */
export function messageBit(msg: number, wordSize: 4 | 8): number | null {
  return Number.isInteger(msg) && msg >= 0 && msg < wordSize ? 2 ** (8 * (wordSize - 1 - msg)) : null;
}
