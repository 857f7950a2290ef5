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
 * - CPU n's muxed message word `messages` is `ipi_messages_n`. The kernel
 *   stores one byte per message and exchanges the whole word; without
 *   mixed-size semantics each message store is modelled as a word store of
 *   that message's bit, which is exact while one message type at a time is
 *   sent to a CPU (anything else is refused).
 * - KVM's per-CPU `host_ipi` flag is `kvm_host_ipi_n`.
 */

export type IpiWord = 'trigger' | 'messages' | 'host_ipi';

/** The location of CPU `cpu`'s word (a symbolic CPU name such as `this` for the table). */
export function ipiLocation(word: IpiWord, cpu: number | string): string {
  switch (word) {
    case 'trigger': return `ipi_trigger_${cpu}`;
    case 'messages': return `ipi_messages_${cpu}`;
    case 'host_ipi': return `kvm_host_ipi_${cpu}`;
  }
}

/** Value stored in the trigger to raise it; lowering it stores 0. */
export const TRIGGER_RAISED = 1;
/** What the kernel writes to the MFRR to lower an IPI (the least favoured priority). */
export const MFRR_CLEAR = 0xff;

/** The value a trigger store holds when the kernel writes `value` to the MFRR (or passes it to H_IPI / OPAL). */
export function triggerValue(value: number): number {
  return value === MFRR_CLEAR ? 0 : TRIGGER_RAISED;
}

/**
 * The bit of message `msg` in the `messages` word: byte `msg` of a big-endian
 * word (`1 << (24 - 8 * msg)`, the kernel's IPI_MESSAGE). From v4.14 the word
 * is a `long` with the same byte order; the model keeps 32 bits, which holds
 * the first four messages and keeps the exchange a herd-compatible lwarx/stwcx.
 */
export function messageBit(msg: number): number | null {
  return msg >= 0 && msg <= 3 ? 2 ** (24 - 8 * msg) : null;
}
