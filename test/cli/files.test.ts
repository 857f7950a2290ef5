import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { selectLitmusFiles, shardFiles } from '../../src/cli/files.ts';

const root = mkdtempSync(join(tmpdir(), 'xics-files-'));
after(() => rmSync(root, { recursive: true, force: true }));

function touch(...parts: string[]): string {
  const path = join(root, ...parts);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '');
  return path;
}

describe('selectLitmusFiles', () => {
  const b = touch('tree', 'b.litmus');
  const nested = touch('tree', 'MP', 'MP+sync.litmus');
  const upper = touch('tree', 'Z.litmus');
  const a = touch('tree', 'a.litmus');
  touch('tree', 'notes.txt');
  const empty = join(root, 'empty');
  mkdirSync(empty);

  it('finds *.litmus recursively in code-unit order and ignores other files', () => {
    assert.deepEqual(selectLitmusFiles([join(root, 'tree')]), { files: [nested, upper, a, b], problems: [] });
  });

  it('keeps explicit files in command-line order and drops repeats', () => {
    assert.deepEqual(selectLitmusFiles([b, a, join(root, 'tree', '.', 'b.litmus')]).files, [b, a]);
  });

  it('reports missing paths and directories without tests as problems', () => {
    const missing = join(root, 'missing.litmus');
    assert.deepEqual(selectLitmusFiles([missing, empty]).problems, [
      { path: missing, message: 'no such file or directory' },
      { path: empty, message: 'no *.litmus files in this directory' },
    ]);
  });
});

describe('shardFiles', () => {
  const files = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
  it('deals the files round-robin: file k (from 0) goes to shard k mod n + 1', () => {
    assert.deepEqual([1, 2, 3].map((index) => shardFiles(files, { index, count: 3 })), [['a', 'd', 'g'], ['b', 'e'], ['c', 'f']]);
  });
  it('gives a shard past the number of files nothing, and 1/1 everything', () => {
    assert.deepEqual(shardFiles(['a'], { index: 2, count: 2 }), []);
    assert.deepEqual(shardFiles(files, { index: 1, count: 1 }), files);
  });
});
