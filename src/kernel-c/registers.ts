/**
 * One thread's general-purpose registers while compiling kernel-C.
 *
 * A C local named like a register (`r0`..`r31`, LKMM's habit) keeps that
 * register, so conditions such as `1:r0=1` read the same in the compiled PPC
 * test. Everything else (other locals, address registers, temporaries) takes
 * the lowest free register from r1 up: r0 is never handed out, because as
 * the RA operand of addi or an indexed access it means the constant 0.
 */
import type { RegName } from '../ir/program.ts';

const REGISTER_COUNT = 32;
const NAMED_REGISTER = /^r([0-9]|[12][0-9]|3[01])$/;

/** The register a C local's name asks for, if it is written like one. */
export function registerNamed(local: string): RegName | null {
  return NAMED_REGISTER.test(local) ? local : null;
}

export class RegisterFile {
  private readonly inUse = new Array<boolean>(REGISTER_COUNT).fill(false);
  private readonly heldTemporary = new Array<boolean>(REGISTER_COUNT).fill(false);
  private readonly temporaries: RegName[] = [];

  /** @param exhausted reports that the thread needs more than 32 registers */
  constructor(private readonly exhausted: () => never) {
    this.inUse[0] = true;
  }

  /** Claims a specific register (a local named after it). */
  claim(reg: RegName): void {
    this.inUse[Number(reg.slice(1))] = true;
  }

  /** A register kept for the rest of the thread. */
  take(): RegName {
    const n = this.inUse.findIndex((used, i) => !used && !this.heldTemporary[i]);
    if (n < 0) return this.exhausted();
    this.inUse[n] = true;
    return `r${n}`;
  }

  /** A register kept until the enclosing `scoped` call returns. */
  temporary(): RegName {
    const n = this.inUse.lastIndexOf(false);
    if (n < 0) return this.exhausted();
    this.inUse[n] = true;
    this.heldTemporary[n] = true;
    const reg = `r${n}`;
    this.temporaries.push(reg);
    return reg;
  }

  /** Runs `body`, then frees the temporaries it took. */
  scoped<T>(body: () => T): T {
    const mark = this.temporaries.length;
    try {
      return body();
    } finally {
      for (const reg of this.temporaries.splice(mark)) this.inUse[Number(reg.slice(1))] = false;
    }
  }
}
