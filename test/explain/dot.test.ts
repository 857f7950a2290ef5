/**
 * Graphviz pictures: their structure (one cluster per thread, one node per
 * access labelled with its source line, instruction and value, edges coloured
 * by relation, the cycle bold), and an SVG rendering when Graphviz is installed.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { explainCommand } from '../../src/cli/explain.ts';
import { executionDot, explanationPictures } from '../../src/explain/dot.ts';
import { explainOutcome } from '../../src/explain/explain.ts';
import { fixture, parseFixture, plain } from './helpers.ts';

// Example B of the herd doc: P0 stores x (line 12) and y (line 15), P1 loads y (line 11) and x (line 13).
const mpLwsyncAddr = parseFixture('MP+lwsync+addr.litmus');

/** `from -> to [attributes]` lines, keyed by the nodes' labels' first words (`P0:12`). */
function edges(dot: string): { from: string; to: string; label: string; colour: string; bold: boolean }[] {
  const nodeNames = new Map([...dot.matchAll(/^\s+(\w+) \[label="([^ "]+)/gm)].map((m) => [m[1]!, m[2]!]));
  return [...dot.matchAll(/^\s+(\w+) -> (\w+) \[label="([^"]+)", color="([^"]+)"[^\]]*?(penwidth=3)?\];$/gm)].map((m) => ({
    from: nodeNames.get(m[1]!)!, to: nodeNames.get(m[2]!)!, label: m[3]!, colour: m[4]!, bold: m[5] !== undefined,
  }));
}

describe('DOT structure', () => {
  // The consistent execution where both reads see the initial values: no rf edge between
  // threads, both reads from initial writes, and each read misses the write of its location.
  const witness = explainOutcome(mpLwsyncAddr, { outcome: { kind: 'const', value: true } }).witness!;
  const dot = executionDot(witness, { title: 'MP+lwsync+addr' });

  it('has one cluster per thread, each with its accesses', () => {
    const clusters = [...dot.matchAll(/subgraph (cluster_\w+) \{([^}]*)\}/g)];
    assert.deepEqual(clusters.map((c) => c[1]), ['cluster_P0', 'cluster_P1']);
    assert.match(clusters[0]![2]!, /label="P0:12  stw r1,0\(r2\)\\nW x=1"[\s\S]*label="P0:15  stw r3,0\(r4\)\\nW y=1"/);
    assert.match(clusters[1]![2]!, /label="P1:11  lwz r1,0\(r2\)\\nR y=0"[\s\S]*label="P1:13  lwzx r4,r3,r5\\nR x=0"/);
  });

  it('places threads in columns and accesses in program-order rows', () => {
    const position = (label: string) => new RegExp(`label="${label.replace(/[()]/g, '\\$&')}[^\\]]*pos="(-?[\\d.]+),(-?[\\d.]+)!"`).exec(dot)!.slice(1).map(Number);
    const [x0, y0] = position('P0:12'), [x1] = position('P0:15'), [x2, y2] = position('P1:11');
    assert.equal(x0, x1);
    assert.ok(x2! > x0!);
    assert.equal(y0, y2);
  });

  it('colours each relation: po black, rf red, fr orange, dependencies and fences their own', () => {
    const drawn = edges(dot).map((e) => `${e.from} -${e.label}-> ${e.to} ${e.colour}`);
    for (const expected of [
      'P0:12 -po-> P0:15 black',
      'P1:11 -po-> P1:13 black',
      'P0:12 -lwsync-> P0:15 seagreen',
      'P1:11 -addr-> P1:13 indigo',
      'P1:11 -fre-> P0:15 #ffa040',
      'P1:13 -fre-> P0:12 #ffa040',
    ]) assert.ok(drawn.includes(expected), `${expected} in\n${drawn.join('\n')}`);
    // Two reads of initial values, drawn from nodes for the initial writes.
    assert.equal(edges(dot).filter((e) => e.label === 'rf' && e.colour === 'red').length, 2);
    assert.match(dot, /label="initially y=0", shape=plaintext/);
  });

  it('draws the cycle of a rejected candidate bold', () => {
    const e = explainOutcome(mpLwsyncAddr);
    const [picture] = explanationPictures(e);
    assert.equal(picture!.name, 'MP+lwsync+addr-forbidden-1');
    const bold = edges(picture!.dot).filter((x) => x.bold).map((x) => `${x.from} -${x.label}-> ${x.to}`);
    assert.deepEqual(bold.sort(), ['P0:12 -lwsync-> P0:15', 'P0:15 -rfe-> P1:11', 'P1:11 -addr-> P1:13', 'P1:13 -fre-> P0:12'].sort());
  });
});

describe('explain --dot and --svg', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'xics-explain-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));
  const captured = () => {
    const out = { stdout: '', stderr: '' };
    return { out, output: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t) } };
  };
  const graphviz = spawnSync('dot', ['-V'], { stdio: 'ignore' }).error === undefined;

  it('writes one DOT file per picture and lists it', () => {
    const { out, output } = captured();
    const code = explainCommand(fixture('MP+lwsync+addr.litmus'), { forbidden: false, dot: join(scratch, 'dot'), run: {}, colour: plain }, output);
    assert.equal(code, 0);
    const path = join(scratch, 'dot', 'MP+lwsync+addr-forbidden-1.dot');
    assert.match(readFileSync(path, 'utf8'), /^digraph /);
    assert.ok(out.stdout.includes(`Pictures:\n  ${path}\n`), out.stdout);
  });

  it('renders SVG with Graphviz', { skip: graphviz ? false : 'Graphviz dot is not installed' }, () => {
    const { output } = captured();
    const code = explainCommand(fixture('MP+lwsync+addr.litmus'), { forbidden: false, svg: join(scratch, 'svg'), run: {}, colour: plain }, output);
    assert.equal(code, 0);
    const svg = readFileSync(join(scratch, 'svg', 'MP+lwsync+addr-forbidden-1.svg'), 'utf8');
    assert.match(svg, /<svg[\s\S]*>P1:13 (&#160;| )lwzx r4,r3,r5</);
  });

  it('without Graphviz, --svg fails at once naming the Debian package', () => {
    const path = process.env.PATH;
    process.env.PATH = scratch;
    try {
      const { out, output } = captured();
      const code = explainCommand(fixture('MP+lwsync+addr.litmus'), { forbidden: false, svg: join(scratch, 'none'), run: {}, colour: plain }, output);
      assert.equal(code, 64);
      assert.match(out.stderr, /Graphviz.*apt install graphviz/);
      assert.equal(out.stdout, '');
    } finally {
      process.env.PATH = path;
    }
  });
});
