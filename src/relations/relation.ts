/**
 * Binary relations over the events of one candidate execution, as bit matrices:
 * row i holds the successors of event i in `words` 32-bit words. Executions are
 * small (tens of events), so every operation is a few word operations per row,
 * and relations are cheap to copy, compare and hash.
 */

/**
 * Bit rows as a plain array of 32-bit words (as signed integers): V8 allocates
 * small arrays far faster than typed arrays past 64 bytes, and the LKMM's
 * structures (fences are events) usually pass that size.
 */
export type Bits = number[];

/** Packed all-zero rows by length: copying one is several times faster than `new Array(n).fill(0)`, whose result V8 keeps holey. */
const zeroTemplates: Bits[] = [];
const zeros = (length: number): Bits => {
  let template = zeroTemplates[length];
  if (template === undefined) {
    template = [];
    for (let i = 0; i < length; i++) template.push(0);
    zeroTemplates[length] = template;
  }
  return template.slice();
};

export class Relation {
  readonly bits: Bits;

  constructor(
    readonly size: number,
    readonly words: number = wordsFor(size),
    bits?: Bits,
  ) {
    this.bits = bits ?? zeros(size * words);
  }

  static empty(size: number): Relation {
    return new Relation(size);
  }

  static fromPairs(size: number, pairs: Iterable<readonly [number, number]>): Relation {
    const r = new Relation(size);
    for (const [a, b] of pairs) r.add(a, b);
    return r;
  }

  /** All pairs (a, b) with a in `domain` and b in `range`. */
  static cartesian(domain: EventSet, range: EventSet): Relation {
    const r = new Relation(domain.size);
    for (let i = 0; i < domain.size; i++) {
      if (domain.has(i)) for (let x = 0; x < r.words; x++) r.bits[i * r.words + x] = range.bits[x]!;
    }
    return r;
  }

  /** cat's `[S]`: the identity on a set. */
  static identity(set: EventSet): Relation {
    const r = new Relation(set.size);
    for (let i = 0; i < set.size; i++) if (set.has(i)) r.add(i, i);
    return r;
  }

  clone(): Relation {
    return new Relation(this.size, this.words, this.bits.slice());
  }

  has(a: number, b: number): boolean {
    return (this.bits[a * this.words + (b >>> 5)]! & (1 << (b & 31))) !== 0;
  }

  add(a: number, b: number): void {
    this.bits[a * this.words + (b >>> 5)]! |= 1 << (b & 31);
  }

  delete(a: number, b: number): void {
    this.bits[a * this.words + (b >>> 5)]! &= ~(1 << (b & 31));
  }

  isEmpty(): boolean {
    for (let i = 0; i < this.bits.length; i++) if (this.bits[i] !== 0) return false;
    return true;
  }

  equals(other: Relation): boolean {
    for (let i = 0; i < this.bits.length; i++) if (this.bits[i] !== other.bits[i]) return false;
    return true;
  }

  /** this := this | other; returns whether anything was added. */
  unionInPlace(other: Relation): boolean {
    let changed = false;
    const a = this.bits, b = other.bits;
    for (let i = 0; i < a.length; i++) {
      const v = a[i]! | b[i]!;
      if (v !== a[i]) {
        a[i] = v;
        changed = true;
      }
    }
    return changed;
  }

  union(...others: Relation[]): Relation {
    const r = this.clone();
    for (const o of others) r.unionInPlace(o);
    return r;
  }

  intersect(other: Relation): Relation {
    const r = this.clone();
    for (let i = 0; i < r.bits.length; i++) r.bits[i]! &= other.bits[i]!;
    return r;
  }

  minus(other: Relation): Relation {
    const r = this.clone();
    for (let i = 0; i < r.bits.length; i++) r.bits[i]! &= ~other.bits[i]!;
    return r;
  }

  /** Restriction to pairs whose source is in `domain` and target in `range` (cat's `r & (D * R)`). */
  restrict(domain: EventSet, range: EventSet): Relation {
    const r = new Relation(this.size, this.words);
    const w = this.words;
    for (let i = 0; i < this.size; i++) {
      if (!domain.has(i)) continue;
      for (let k = 0; k < w; k++) r.bits[i * w + k] = this.bits[i * w + k]! & range.bits[k]!;
    }
    return r;
  }

  /** Relational composition `this ; other`. */
  compose(other: Relation): Relation {
    const r = new Relation(this.size, this.words);
    if (other.isEmpty()) return r;
    composeInto(r.bits, this.bits, other.bits, this.size, this.words);
    return r;
  }

  /** Whether `this ; other` is irreflexive, without building the composition: no i -this-> j -other-> i. */
  composesIrreflexively(other: Relation): boolean {
    const w = this.words, bits = this.bits, otherBits = other.bits;
    for (let i = 0; i < this.size; i++) {
      const iWord = i >>> 5, iBit = 1 << (i & 31);
      for (let x = 0; x < w; x++) {
        let word = bits[i * w + x]!;
        while (word !== 0) {
          const low = word & -word;
          const j = (x << 5) + (31 - Math.clz32(low));
          word ^= low;
          if ((otherBits[j * w + iWord]! & iBit) !== 0) return false;
        }
      }
    }
    return true;
  }

  /** Pairs not in the relation (cat's `~r`), e.g. `ext` from `int`. */
  complement(): Relation {
    const r = new Relation(this.size, this.words);
    const tail = this.size & 31;
    const lastMask = tail === 0 ? 0xffffffff : (1 << tail) - 1;
    for (let i = 0; i < this.size; i++) {
      for (let x = 0; x < this.words; x++) {
        const mask = x === this.words - 1 ? lastMask : 0xffffffff;
        r.bits[i * this.words + x] = ~this.bits[i * this.words + x]! & mask;
      }
    }
    return r;
  }

  /** cat's `domain(r)`: events with a successor. */
  domain(): EventSet {
    const d = new EventSet(this.size);
    for (let i = 0; i < this.size; i++) {
      for (let x = 0; x < this.words; x++) {
        if (this.bits[i * this.words + x] !== 0) {
          d.add(i);
          break;
        }
      }
    }
    return d;
  }

  /** cat's `range(r)`: events with a predecessor. */
  range(): EventSet {
    const r = new EventSet(this.size);
    for (let i = 0; i < this.size; i++) {
      for (let x = 0; x < this.words; x++) r.bits[x]! |= this.bits[i * this.words + x]!;
    }
    return r;
  }

  inverse(): Relation {
    const r = new Relation(this.size, this.words);
    for (let i = 0; i < this.size; i++) {
      for (let j = 0; j < this.size; j++) if (this.has(i, j)) r.add(j, i);
    }
    return r;
  }

  /** Transitive closure `r+` (depth first when acyclic in one word per row, else Warshall on bit rows). */
  plus(): Relation {
    const r = this.clone();
    const w = this.words, bits = r.bits, n = this.size;
    if (w === 1) {
      if (closeAcyclicOneWord(bits, n)) return r;
      for (let i = 0; i < n; i++) bits[i] = this.bits[i]!;
      for (let k = 0; k < n; k++) {
        const kBit = 1 << k, kRow = bits[k]!;
        for (let i = 0; i < n; i++) if ((bits[i]! & kBit) !== 0) bits[i]! |= kRow;
      }
      return r;
    }
    for (let k = 0; k < n; k++) {
      const kWord = k >>> 5, kBit = 1 << (k & 31), kRow = k * w;
      for (let i = 0; i < n; i++) {
        const iRow = i * w;
        if ((bits[iRow + kWord]! & kBit) === 0) continue;
        for (let x = 0; x < w; x++) bits[iRow + x]! |= bits[kRow + x]!;
      }
    }
    return r;
  }

  /** Reflexive-transitive closure `r*`. */
  star(): Relation {
    const r = this.plus();
    r.addIdentity();
    return r;
  }

  /** `r?`: r union the identity. */
  optional(): Relation {
    const r = this.clone();
    r.addIdentity();
    return r;
  }

  addIdentity(): void {
    for (let i = 0; i < this.size; i++) this.add(i, i);
  }

  isIrreflexive(): boolean {
    for (let i = 0; i < this.size; i++) if (this.has(i, i)) return false;
    return true;
  }

  /** Kahn's algorithm on bit rows: peel off events with no predecessor left; a cycle is what cannot be peeled. */
  isAcyclic(): boolean {
    const w = this.words, n = this.size, bits = this.bits;
    if (w === 1) return isAcyclicOneWord(bits, n);
    const remaining = zeros(w);
    for (let i = 0; i < n; i++) remaining[i >>> 5]! |= 1 << (i & 31);
    const hasPredecessor = zeros(w);
    for (;;) {
      hasPredecessor.fill(0);
      let left = false;
      for (let i = 0; i < n; i++) {
        if ((remaining[i >>> 5]! & (1 << (i & 31))) === 0) continue;
        left = true;
        for (let x = 0; x < w; x++) hasPredecessor[x]! |= bits[i * w + x]! & remaining[x]!;
      }
      if (!left) return true;
      let peeled = false;
      for (let x = 0; x < w; x++) {
        const sources = remaining[x]! & ~hasPredecessor[x]!;
        if (sources !== 0) {
          peeled = true;
          remaining[x]! &= ~sources;
        }
      }
      if (!peeled) return false;
    }
  }

  *pairs(): IterableIterator<[number, number]> {
    for (let i = 0; i < this.size; i++) {
      for (let j = 0; j < this.size; j++) if (this.has(i, j)) yield [i, j];
    }
  }

  /** A stable key of the relation's contents, for memoising derived relations: its nonzero words with their positions, short for sparse relations. */
  key(): string {
    let key = '';
    for (let i = 0; i < this.bits.length; i++) {
      const word = this.bits[i]!;
      if (word !== 0) key += String.fromCharCode(i, word & 0xffff, word >>> 16);
    }
    return key;
  }
}

/** isAcyclic for at most 32 events, a row per word: the remaining events as one word, peeled without allocating. */
function isAcyclicOneWord(bits: Bits, n: number): boolean {
  let remaining = n === 32 ? -1 : (1 << n) - 1;
  while (remaining !== 0) {
    let hasPredecessor = 0;
    for (let rest = remaining; rest !== 0;) {
      const low = rest & -rest;
      rest ^= low;
      hasPredecessor |= bits[31 - Math.clz32(low)]!;
    }
    const sources = remaining & ~hasPredecessor;
    if (sources === 0) return false;
    remaining &= ~sources;
  }
  return true;
}

/** Each depth-first path of closeAcyclicOneWord, from its root (a relation of one word per row has at most 32 events). */
const pathStack = new Int32Array(32);

/**
 * r+ in place for a relation of one word per row, when it is acyclic:
 * depth first, each event's row becomes its successors' closed rows joined,
 * once they are closed, which takes a pass over the arcs where Warshall's
 * algorithm takes n² steps (hb of a ppc.cat check, for one, is acyclic all
 * but always). False, with the rows part closed, at the first cycle seen.
 */
function closeAcyclicOneWord(bits: Bits, n: number): boolean {
  let closed = 0, onPath = 0;
  for (let root = 0; root < n; root++) {
    if ((closed & (1 << root)) !== 0) continue;
    let top = 0;
    pathStack[0] = root;
    onPath |= 1 << root;
    while (top >= 0) {
      const v = pathStack[top]!;
      const open = bits[v]! & ~closed;
      if (open !== 0) {
        const lowest = open & -open;
        if ((onPath & lowest) !== 0) return false;
        pathStack[++top] = 31 - Math.clz32(lowest);
        onPath |= lowest;
        continue;
      }
      let row = bits[v]!;
      for (let rest = row; rest !== 0;) {
        const lowest = rest & -rest;
        rest ^= lowest;
        row |= bits[31 - Math.clz32(lowest)]!;
      }
      bits[v] = row;
      closed |= 1 << v;
      onPath &= ~(1 << v);
      top--;
    }
  }
  return true;
}

/** out := a ; b for n×n bit matrices of `words` words per row. */
function composeInto(out: Bits, a: Bits, b: Bits, n: number, words: number): void {
  if (words === 1) {
    for (let i = 0; i < n; i++) {
      let acc = 0;
      for (let word = a[i]!; word !== 0;) {
        const low = word & -word;
        word ^= low;
        acc |= b[31 - Math.clz32(low)]!;
      }
      out[i] = acc;
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const iRow = i * words;
    for (let x = 0; x < words; x++) {
      let word = a[iRow + x]!;
      while (word !== 0) {
        const low = word & -word;
        const j = (x << 5) + (31 - Math.clz32(low));
        word ^= low;
        const jRow = j * words;
        for (let y = 0; y < words; y++) out[iRow + y]! |= b[jRow + y]!;
      }
    }
  }
}

/** A set of events as a bit row, the same width as a relation row. */
export class EventSet {
  readonly bits: Bits;

  constructor(readonly size: number, bits?: Bits) {
    this.bits = bits ?? zeros(wordsFor(size));
  }

  static of(size: number, members: Iterable<number>): EventSet {
    const s = new EventSet(size);
    for (const m of members) s.add(m);
    return s;
  }

  has(i: number): boolean {
    return (this.bits[i >>> 5]! & (1 << (i & 31))) !== 0;
  }

  add(i: number): void {
    this.bits[i >>> 5]! |= 1 << (i & 31);
  }

  isEmpty(): boolean {
    return this.bits.every((word) => word === 0);
  }

  union(...others: EventSet[]): EventSet {
    const s = new EventSet(this.size, this.bits.slice());
    for (const o of others) for (let x = 0; x < s.bits.length; x++) s.bits[x]! |= o.bits[x]!;
    return s;
  }

  intersect(other: EventSet): EventSet {
    return new EventSet(this.size, this.bits.map((word, x) => word & other.bits[x]!));
  }

  minus(other: EventSet): EventSet {
    return new EventSet(this.size, this.bits.map((word, x) => word & ~other.bits[x]!));
  }

  /** Events of the structure not in the set (cat's `~S`). */
  complement(): EventSet {
    const all = EventSet.of(this.size, Array.from({ length: this.size }, (_, i) => i));
    return all.minus(this);
  }
}

export function wordsFor(size: number): number {
  return Math.max(1, Math.ceil(size / 32));
}
