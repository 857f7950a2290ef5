/**
 * Program IR: what a litmus test means, independent of the text it came from.
 * The PPC parser produces it; the kernel-C front end will compile into it; the
 * event builder consumes it. Nothing here knows about executions.
 */

/** 1-based position in the litmus source, for diagnostics and explanations. */
export interface SourcePos {
  line: number;
  col: number;
}

/**
 * A run-time value: an integer, or the address of a named shared location
 * (herd prints addresses by name, e.g. `1:r2=x`; an address inside it as
 * `x+3`). Keeping the two apart by `typeof` is what lets `x=y` in an init
 * mean "x holds the address of y". An integer is a `number` whenever it is
 * a safe integer and a `bigint` only beyond ±2^53 (64-bit values of
 * doubleword accesses): one canonical form, so `===` still compares values
 * and single-size tests never meet a bigint.
 */
export type Value = number | bigint | string;

/** The canonical Value of an integer. */
export function integerValue(n: bigint): number | bigint {
  return n >= -MAX_SAFE && n <= MAX_SAFE ? Number(n) : n;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** `r0`..`r31`, symbolic `%name` registers, or `cr0`..`cr7`. */
export type RegName = string;

export type Operand = { reg: RegName } | { imm: number };

/** Access sizes in bytes: byte, halfword, word, doubleword. */
export type AccessSize = 1 | 2 | 4 | 8;

/** Effective address `base + index + offset`; a null base is the constant 0 (`r0` in an RA slot). */
export interface EffectiveAddress {
  base: RegName | null;
  index: RegName | null;
  offset: number;
}

export type FenceKind = 'sync' | 'lwsync' | 'eieio' | 'isync';

/** Integer operations; each takes its operands in order (`sub a b` is a-b). */
export type AluOp =
  | 'move' // dst = a
  | 'add' | 'sub' | 'mul' | 'div'
  | 'and' | 'or' | 'xor' | 'nor' | 'neg'
  | 'shl' | 'shr' | 'sra' // 32-bit shifts (slw, srw, sraw/srawi)
  | 'rlwinm' // params: [shift, maskBegin, maskEnd]
  | 'rlwimi' // params: [shift, maskBegin, maskEnd]; srcs: [inserted, previous dst]
  | 'clrldi' // params: [n]
  | 'extsw';

export type BranchCond = 'always' | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

/** Where an instruction came from: its cell in the code table, or the C statement that emitted it. */
export interface InstrSource extends SourcePos {
  /** The instruction as written, e.g. `lwzx r4,r3,r5`. */
  text: string;
  mnemonic: string;
  /**
   * For code compiled from a kernel-C test: the statement (line/col/text are then
   * the C source's) and the primitive whose expansion produced this instruction,
   * e.g. "the lwsync inside xchg()".
   */
  origin?: { statement: string; primitive: string | null; role: string | null };
}

export type Instruction = (
  /**
   * signExtend: an algebraic load (lha, lwa). It only matters where bytes are
   * assembled (mixed-size locations); elsewhere values are unbounded integers
   * stored whole, as in herd.
   */
  | { kind: 'load'; dst: RegName; ea: EffectiveAddress; size: AccessSize; reserve: boolean; updateBase: boolean; signExtend?: true }
  | { kind: 'store'; src: RegName; ea: EffectiveAddress; size: AccessSize; conditional: boolean; updateBase: boolean }
  | { kind: 'alu'; op: AluOp; dst: RegName; srcs: Operand[]; params?: number[]; setsCr0: boolean }
  | { kind: 'compare'; crField: number; a: RegName; b: Operand; unsigned: boolean }
  | { kind: 'branch'; cond: BranchCond; crField: number; target: string }
  | { kind: 'fence'; fence: FenceKind }
  | { kind: 'nop' }
) & { source: InstrSource };

export interface ThreadCode {
  /** Thread number: `P3` is 3. */
  id: number;
  instructions: Instruction[];
  /** Label name → index of the instruction it precedes (may equal instructions.length). */
  labels: Map<string, number>;
}

export interface InitState {
  /** Per thread: initial register values (registers not listed start at 0). */
  registers: Map<number, Map<RegName, Value>>;
  /** Initial memory values (locations not listed start at 0). */
  memory: Map<string, Value>;
  /**
   * Byte sizes of the memory locations declared with a type that fixes one
   * (`uint8_t x`, `int16_t y`, `u64 z`, `char c`); see declaredSize in
   * src/parse/init.ts. Absent for the others, whose size follows their accesses.
   */
  sizes?: Map<string, AccessSize>;
}

export type Location =
  | { kind: 'reg'; thread: number; reg: RegName }
  | { kind: 'mem'; name: string };

export type Prop =
  | { kind: 'const'; value: boolean }
  | { kind: 'atom'; loc: Location; value: Value; equal: boolean; pos: SourcePos }
  /** herd's `loc = loc` atom: two locations hold the same final value. */
  | { kind: 'same'; left: Location; right: Location; equal: boolean; pos: SourcePos }
  | { kind: 'not'; prop: Prop }
  | { kind: 'and' | 'or' | 'implies'; left: Prop; right: Prop };

export type Quantifier = 'exists' | 'not-exists' | 'forall';

export interface Condition {
  quantifier: Quantifier;
  prop: Prop;
  pos: SourcePos;
}

/**
 * The Observation a stated result requires: `Never`, `Sometimes`, `Always`,
 * or null for `Maybe`, which requires nothing (the kernel's judgelitmus.sh
 * passes it whatever herd says). `DEADLOCK` requires `Never` and, on top,
 * no execution at all (StatedResult.word says so).
 */
export type ExpectedResult = 'Never' | 'Sometimes' | 'Always' | null;

/**
 * One result line of a test's comments, read the way the kernel's
 * tools/memory-model/scripts/judgelitmus.sh reads `Result:` (the first such
 * line; the word after it; `DATARACE` later on the line), plus this
 * project's `Result-power:` and `Result-lkmm:` lines, which state the verdict
 * under a named model. Optional fields are left out when they say nothing
 * beyond `result`, so a plain `(* Result: Never *)` is `{ result, pos }`.
 */
export interface StatedResult {
  result: ExpectedResult;
  /** Where the line's `Result` word is, for diagnostics and CI annotations. */
  pos: SourcePos;
  /** The word when `result` alone does not say it: `Maybe` (result null) or `DEADLOCK` (result Never, 0 executions). */
  word?: 'Maybe' | 'DEADLOCK';
  /** `DATARACE` follows the word: the test predicts herd's `Flag data-race` (judgelitmus.sh requires it under the LKMM). */
  dataRace?: true;
  /**
   * The model the line is for, as named by `Result-power:` / `Result-lkmm:`
   * (ModelName of src/outcome/result.ts); absent for `Result:`, a verdict
   * under the test's default model.
   */
  model?: 'power' | 'lkmm';
}

/** Every result a test states: its first result line, then the others (`also`, one per model at most), in file order. */
export type StatedResults = StatedResult & { also?: StatedResult[] };

/** The lines of StatedResults as one list, first line first. */
export function statedResultList(expected: StatedResults | null): StatedResult[] {
  if (expected === null) return [];
  const { also, ...first } = expected;
  return [first, ...(also ?? [])];
}

export interface LitmusTest {
  arch: 'PPC';
  name: string;
  /** Path as given by the user; used in diagnostics. */
  file: string;
  doc: string | null;
  /** `key=value` lines before the init block, keys as written. */
  metadata: Map<string, string>;
  init: InitState;
  threads: ThreadCode[];
  /** Extra locations from `locations [...]`, in the order written. */
  locations: Location[];
  filter: Prop | null;
  condition: Condition;
  expected: StatedResults | null;
  /** Every shared location name the test mentions (init, code addresses, condition). */
  sharedLocations: string[];
  /**
   * What herd7 prints as `Hash=<md5>` for this test (src/parse/herd-hash.ts):
   * the file's own `Hash=` metadata if present, otherwise herd's digest of the
   * init, code and observed locations as written. It describes the text that was
   * parsed, so a test derived by rewriting the code should not carry it over.
   * Absent or null when herd would print no Hash line (kernel-C tests).
   */
  herdHash?: string | null;
}
