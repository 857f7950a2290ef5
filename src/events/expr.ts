/**
 * Symbolic values of one thread's registers along a control path. A value is a
 * constant, the value returned by one of the thread's reads, or an operation on
 * such values. Values are only known once rf is chosen, so events carry
 * expressions and the search evaluates them per candidate execution.
 */
import { addressAt, splitAddress } from '../ir/location.ts';
import { type AluOp, integerValue, type Value } from '../ir/program.ts';

export type Expr =
  | { kind: 'const'; value: Value }
  | { kind: 'read'; event: number }
  | { kind: 'op'; op: ExprOp; args: Expr[]; params?: number[] };

/**
 * ALU operations, plus `compare`/`compareUnsigned` (giving a CR field) and
 * `crTest` (a branch condition on it); `less` (C's signed `<`, 0 or 1) and
 * `mod` (C's `%`) serve kernel-C values under the LKMM.
 */
export type ExprOp = AluOp | 'compare' | 'compareUnsigned' | 'equal' | 'crTest' | 'less' | 'mod' | MixedOp;

/**
 * Byte arithmetic of mixed-size accesses (big-endian): `bytes` takes
 * params [skip, count, of] and gives bytes skip..skip+count-1 of the `of`-byte
 * value of its argument, unsigned; `join` concatenates its arguments, whose
 * byte counts are the params, most significant first, unsigned; `signExtend`
 * reads its argument as a params[0]-byte two's complement number.
 */
export type MixedOp = 'bytes' | 'join' | 'signExtend';

/** CR field bits as the ISA numbers them within a field. */
export const CR_LT = 8;
export const CR_GT = 4;
export const CR_EQ = 2;
/**
 * A CR field for two values only known to differ: two locations' addresses,
 * or an address and an integer (a pointer compared with NULL or with another
 * pointer, as kernel C does). The bit is the ISA's SO/unordered bit: a branch
 * on equality reads it as "not equal"; one on order has no answer.
 */
export const CR_UNORDERED = 1;

/** Raised when a value is used in a way the model cannot give a meaning to (e.g. arithmetic on an address). */
export class ValueError extends Error {}

export const constant = (value: Value): Expr => ({ kind: 'const', value });

export function sameExpr(a: Expr, b: Expr): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'const':
      return a.value === (b as typeof a).value;
    case 'read':
      return a.event === (b as typeof a).event;
    case 'op': {
      const o = b as typeof a;
      return a.op === o.op && a.args.length === o.args.length && a.args.every((x, i) => sameExpr(x, o.args[i]!))
        && (a.params ?? []).join() === (o.params ?? []).join();
    }
  }
}

/**
 * Builds an operation, folding constants and the identities herd's solver also
 * finds (`xor r,r` is 0, `cmpw r,r` is EQ), so that false dependencies and
 * always-taken branches do not multiply paths or hide static addresses.
 */
export function operation(op: ExprOp, args: Expr[], params?: number[]): Expr {
  if (args.every((a) => a.kind === 'const')) {
    return constant(applyOp(op, args.map((a) => (a as { value: Value }).value), params));
  }
  const [a, b] = args;
  if (a && b && sameExpr(a, b)) {
    switch (op) {
      case 'xor': case 'sub': return constant(0);
      case 'and': case 'or': return a;
      case 'compare': case 'compareUnsigned': return constant(CR_EQ);
      case 'equal': return constant(1);
    }
  }
  if (op === 'add' && b?.kind === 'const' && b.value === 0) return a!;
  if (op === 'add' && a?.kind === 'const' && a.value === 0) return b!;
  if ((op === 'or' || op === 'xor') && b?.kind === 'const' && b.value === 0) return a!;
  if (op === 'move') return a!;
  return params ? { kind: 'op', op, args, params } : { kind: 'op', op, args };
}

/** Evaluates an expression given the values of the thread's reads. */
export function evaluate(expr: Expr, readValue: (event: number) => Value): Value {
  switch (expr.kind) {
    case 'const':
      return expr.value;
    case 'read':
      return readValue(expr.event);
    case 'op':
      return applyOp(expr.op, expr.args.map((a) => evaluate(a, readValue)), expr.params);
  }
}

function integer(v: Value, op: string): number {
  if (typeof v === 'number') return v;
  // Operations left to numbers when an operand is a bigint are the 32-bit ones (slw, rlwinm, extsw ...): its low word is exact.
  if (typeof v === 'bigint') return Number(BigInt.asIntN(32, v));
  throw new ValueError(`'${op}' applied to the address of ${v}`);
}

/** An address plus an integer: a byte inside the same location (`x+3`); nothing before it. */
function offsetAddress(address: string, delta: Value, op: string): Value {
  const d = integer(delta, op);
  if (d === 0) return address;
  const { base, offset } = splitAddress(address);
  if (offset + d < 0) throw new ValueError(`'${op}' gives an address before ${base}`);
  return addressAt(base, offset + d);
}

function big(v: Value, op: string): bigint {
  if (typeof v === 'bigint') return v;
  return BigInt(integer(v, op));
}

/** The operations whose result can need more than 53 bits, computed exactly when an operand already does. */
function wideOp(op: ExprOp, x: bigint, y: bigint): bigint | null {
  switch (op) {
    case 'add': return x + y;
    case 'sub': return x - y;
    case 'mul': return x * y;
    case 'div': return y === 0n ? 0n : x / y;
    case 'mod': return y === 0n ? 0n : x % y;
    case 'and': return x & y;
    case 'or': return x | y;
    case 'xor': return x ^ y;
    case 'nor': return ~(x | y);
    case 'neg': return -x;
    default: return null;
  }
}

function byteOp(op: MixedOp, v: Value[], params: number[]): Value {
  switch (op) {
    case 'bytes': {
      const [skip, count, of] = params as [number, number, number];
      const whole = BigInt.asUintN(8 * of, big(v[0]!, 'store'));
      return integerValue(BigInt.asUintN(8 * count, whole >> BigInt(8 * (of - skip - count))));
    }
    case 'join':
      return integerValue(v.reduce<bigint>((acc, part, i) => (acc << BigInt(8 * params[i]!)) | big(part, 'load'), 0n));
    case 'signExtend':
      return integerValue(BigInt.asIntN(8 * params[0]!, big(v[0]!, 'load')));
  }
}

const mask32 = (mb: number, me: number): number => {
  let m = 0;
  for (let i = mb; ; i = (i + 1) & 31) {
    m |= 1 << (31 - i);
    if (i === me) break;
  }
  return m >>> 0;
};

const rotl32 = (x: number, n: number): number => ((x << n) | (x >>> (32 - n))) >>> 0;

const compareValues = (x: Value, y: Value, unsigned: boolean): number => {
  if (typeof x === 'string' || typeof y === 'string') return x === y ? CR_EQ : CR_UNORDERED;
  const a = unsigned ? BigInt.asUintN(64, BigInt(x)) : x;
  const b = unsigned ? BigInt.asUintN(64, BigInt(y)) : y;
  return a < b ? CR_LT : a > b ? CR_GT : CR_EQ;
};

export function applyOp(op: ExprOp, v: Value[], params: number[] = []): Value {
  const [x, y] = v as [Value, Value];
  if (typeof x === 'bigint' || typeof y === 'bigint') {
    const wide = wideOp(op, big(x, op), y === undefined ? 0n : big(y, op));
    if (wide !== null) return integerValue(wide);
  }
  switch (op) {
    case 'bytes': case 'join': case 'signExtend':
      return byteOp(op, v, params);
    case 'move':
      return x;
    case 'add':
      if (typeof x === 'string') return offsetAddress(x, y, op);
      if (typeof y === 'string') return offsetAddress(y, x, op);
      return integer(x, op) + integer(y, op);
    case 'sub':
      return integer(x, op) - integer(y, op);
    case 'mul':
      return integer(x, op) * integer(y, op);
    case 'div': {
      const d = integer(y, op);
      return d === 0 ? 0 : Math.trunc(integer(x, op) / d);
    }
    case 'and':
      return Number(BigInt(integer(x, op)) & BigInt(integer(y, op)));
    case 'or':
      return Number(BigInt(integer(x, op)) | BigInt(integer(y, op)));
    case 'xor':
      if (x === y) return 0;
      return Number(BigInt(integer(x, op)) ^ BigInt(integer(y, op)));
    case 'nor':
      return Number(~(BigInt(integer(x, op)) | BigInt(integer(y, op))));
    case 'neg':
      return -integer(x, op);
    case 'shl':
      return (integer(x, op) << (integer(y, op) & 63)) >>> 0;
    case 'shr':
      return integer(x, op) >>> 0 >>> (integer(y, op) & 63);
    case 'sra':
      return (integer(x, op) | 0) >> Math.min(31, integer(y, op) & 63);
    case 'rlwinm':
      return (rotl32(integer(x, op) >>> 0, params[0]!) & mask32(params[1]!, params[2]!)) >>> 0;
    case 'rlwimi': {
      const m = mask32(params[1]!, params[2]!);
      return ((rotl32(integer(x, op) >>> 0, params[0]!) & m) | (integer(y, op) & ~m)) >>> 0;
    }
    case 'clrldi':
      return integerValue(BigInt.asUintN(64 - params[0]!, big(x, op)));
    case 'extsw':
      return integer(x, op) | 0;
    case 'compare':
      return compareValues(x, y, false);
    case 'compareUnsigned':
      return compareValues(x, y, true);
    case 'equal':
      return x === y ? 1 : 0;
    case 'less':
      if (typeof x === 'string' || typeof y === 'string') throw new ValueError(`'<' compares the address of a location with another value`);
      return x < y ? 1 : 0;
    case 'mod': {
      const d = integer(y, op);
      return d === 0 ? 0 : integer(x, op) % d;
    }
    case 'crTest':
      // params: [bit, expected]: the branch is taken when (field & bit) is set iff expected is 1.
      if (x === CR_UNORDERED && params[0] !== CR_EQ) throw new ValueError('a branch on < or > after comparing the address of a location with another value');
      return ((integer(x, op) & params[0]!) !== 0) === (params[1] === 1) ? 1 : 0;
  }
}
