import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseColourLevel } from '../../src/cli/colour.ts';

const terminal = { isTTY: true, getColorDepth: () => 8 };
const pipe = { isTTY: false };

describe('chooseColourLevel', () => {
  it('colours a terminal and leaves pipes plain', () => {
    assert.equal(chooseColourLevel(undefined, terminal, {}), 2);
    assert.equal(chooseColourLevel(undefined, pipe, {}), 0);
  });
  it('honours a non-empty NO_COLOR on a terminal, and ignores an empty one', () => {
    assert.equal(chooseColourLevel(undefined, terminal, { NO_COLOR: '1' }), 0);
    assert.equal(chooseColourLevel(undefined, terminal, { NO_COLOR: '' }), 2);
  });
  it('lets --color and --no-color override both the terminal check and NO_COLOR', () => {
    assert.equal(chooseColourLevel(true, pipe, { NO_COLOR: '1' }), 1);
    assert.equal(chooseColourLevel(true, terminal, {}), 2);
    assert.equal(chooseColourLevel(false, terminal, {}), 0);
  });
});
