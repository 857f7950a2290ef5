/**
 * A test whose search explodes: six threads each store to x and then read
 * it. Every coherence order of the six stores and every value each read may
 * see are separate executions: 518,400 of them with one read per thread, far
 * more with two.
 */
export function sixWritersOneLocation({ readsPerThread }: { readsPerThread: number }): string {
  const threads = [0, 1, 2, 3, 4, 5];
  const row = (instruction: (thread: number) => string) => `${threads.map(instruction).join(' | ')} ;`;
  const readRegisters = Array.from({ length: readsPerThread }, (_, i) => `r${3 + i}`);
  return [
    'PPC six-writers',
    `{ ${threads.map((t) => `${t}:r1=${t + 1}; ${t}:r2=x;`).join(' ')} }`,
    row((t) => `P${t}`),
    row(() => 'stw r1,0(r2)'),
    ...readRegisters.map((reg) => row(() => `lwz ${reg},0(r2)`)),
    `exists (${threads.map((t) => `${t}:r3=${t + 1}`).join(' /\\ ')})`,
    '',
  ].join('\n');
}
