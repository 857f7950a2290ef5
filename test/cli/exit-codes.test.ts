import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExitCode, mostSevere } from '../../src/cli/exit-codes.ts';

describe('mostSevere', () => {
  it('ranks interrupted > internal > input > limit > failed > ok, whatever the order of arrival', () => {
    const ranked = [ExitCode.interrupted, ExitCode.internal, ExitCode.input, ExitCode.limit, ExitCode.failed, ExitCode.ok];
    for (const [i, higher] of ranked.entries()) {
      for (const lower of ranked.slice(i)) {
        assert.equal(mostSevere(higher, lower), higher);
        assert.equal(mostSevere(lower, higher), higher);
      }
    }
  });
});
