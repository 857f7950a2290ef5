/** Positioned errors, for tests that check what is refused and where. */
import assert from 'node:assert/strict';

/** `run` throws a LitmusError of this kind, at this line and column, with a message matching. */
export function assertFails(run: () => unknown, expected: { kind: 'input' | 'unsupported'; line: number; col: number; message: RegExp }): void {
  assert.throws(run, (e: unknown) => {
    const error = e as { name: string; kind: string; line: number; col: number; message: string };
    assert.equal(error.name, 'LitmusError', String(e));
    assert.deepEqual({ kind: error.kind, line: error.line, col: error.col }, { kind: expected.kind, line: expected.line, col: expected.col });
    assert.match(error.message, expected.message);
    return true;
  });
}
