/**
 * The yardstick for the kernel-C front end: every C test of the LKMM corpus
 * (../shared/corpus/lkmm/tests, the paulmckrcu/litmus collection, which
 * herd7 reads) is parsed by parseKernelC. Parsing only: what the primitives
 * mean is the compilers' business.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseKernelC } from '../../src/kernel-c/parser.ts';

const CORPUS = fileURLToPath(new URL('../../../shared/corpus/lkmm/tests', import.meta.url));

/**
 * Files herd7 reads that the parser cannot yet, with the message it gives.
 * When one starts parsing, take it out.
 */
const KNOWN_UNPARSED = new Map<string, RegExp>([]);

function litmusFiles(directory: string): string[] {
  return readdirSync(directory, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.litmus'))
    .sort()
    .map((path) => join(directory, path));
}

describe('the LKMM corpus', () => {
  const present = existsSync(CORPUS);

  it('parses every C test herd7 reads', { skip: present ? false : `no corpus at ${CORPUS}` }, () => {
    const files = litmusFiles(CORPUS);
    assert.ok(files.length > 3000, `only ${files.length} files under ${CORPUS}`);
    const unparsed = new Map<string, string>();
    for (const file of files) {
      const path = relative(CORPUS, file);
      try {
        parseKernelC(readFileSync(file, 'utf8'), path);
      } catch (e) {
        if (!(e instanceof Error) || e.name !== 'LitmusError') throw e;
        unparsed.set(path, e.message);
      }
    }
    const unexpected = [...unparsed].filter(([path, message]) => !KNOWN_UNPARSED.get(path)?.test(message));
    assert.deepEqual(unexpected.map(([path, message]) => `${path}: ${message}`), [], `${unexpected.length} of ${files.length} files do not parse`);
    assert.deepEqual([...unparsed.keys()], [...KNOWN_UNPARSED.keys()], 'a known-unparsed file now parses: take it out of KNOWN_UNPARSED');
  });
});
