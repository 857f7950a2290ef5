/**
 * Ordering points: the places in a program whose ordering can be taken away or
 * weakened — a PPC fence, or a barrier a kernel primitive expands to. Front
 * ends list them; barrier ablation rebuilds the test with some changed.
 */
import type { FenceKind, SourcePos } from './program.ts';

export interface OrderingPoint {
  /** Stable across rebuilds of the same test. */
  id: string;
  /** Where it is, e.g. `P0 line 5: sync` or `P1 line 14: smp_ipi_demux() → xchg(): exit barrier (lwsync)`. */
  label: string;
  pos: SourcePos;
  /** The fence weakening gives, or null when only removing is possible. */
  weakerForm: FenceKind | null;
}

export type PointChange = 'remove' | 'weaken';
