import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Prop } from '../../src/ir/program.ts';
import { printCondition, printLocation, printProp } from '../../src/report/syntax.ts';
import { atom, mpOutcome, r1, r4, x } from './sample-result.ts';

const and = (left: Prop, right: Prop): Prop => ({ kind: 'and', left, right });
const or = (left: Prop, right: Prop): Prop => ({ kind: 'or', left, right });
const implies = (left: Prop, right: Prop): Prop => ({ kind: 'implies', left, right });
const not = (prop: Prop): Prop => ({ kind: 'not', prop });

describe('printLocation', () => {
  it('prints registers as thread:reg in both styles', () => {
    assert.equal(printLocation(r1), '1:r1');
    assert.equal(printLocation(r1, 'herd'), '1:r1');
  });
  it('brackets memory only in herd style, as herd7 logs do', () => {
    assert.equal(printLocation(x), 'x');
    assert.equal(printLocation(x, 'herd'), '[x]');
  });
});

describe('printProp', () => {
  it('prints a conjunction flat', () => {
    assert.equal(printProp(mpOutcome), '1:r1=1 /\\ 1:r4=0');
  });
  it('prints chains of one connective without parentheses, however they nest', () => {
    assert.equal(printProp(and(atom(r1, 1), and(atom(r4, 0), atom(x, 2)))), '1:r1=1 /\\ 1:r4=0 /\\ x=2');
  });
  it('parenthesises a disjunction inside a conjunction', () => {
    assert.equal(printProp(and(atom(r1, 1), or(atom(r4, 0), atom(x, 2)))), '1:r1=1 /\\ (1:r4=0 \\/ x=2)');
  });
  it('leaves a conjunction inside a disjunction bare, since /\\ binds tighter (herd7 does the same)', () => {
    assert.equal(printProp(or(and(atom(r1, 1), atom(r4, 0)), atom(x, 2))), '1:r1=1 /\\ 1:r4=0 \\/ x=2');
  });
  it('parenthesises implications inside and around other connectives', () => {
    assert.equal(printProp(and(atom(r1, 1), implies(atom(r4, 0), atom(x, 2)))), '1:r1=1 /\\ (1:r4=0 => x=2)');
    assert.equal(printProp(implies(or(atom(r1, 1), atom(r4, 0)), atom(x, 2))), '(1:r1=1 \\/ 1:r4=0) => x=2');
  });
  it('prints negation as ~(...) in source style and not (...) in herd style', () => {
    const p = and(atom(r1, 1), not(atom(x, 2)));
    assert.equal(printProp(p), '1:r1=1 /\\ ~(x=2)');
    assert.equal(printProp(p, 'herd'), '1:r1=1 /\\ not ([x]=2)');
  });
  it('prints a disequality as != in source style and as a negated atom in herd style', () => {
    assert.equal(printProp(atom(x, 1, false)), 'x!=1');
    assert.equal(printProp(atom(x, 1, false), 'herd'), 'not ([x]=1)');
  });
  it('prints constants and address values by name', () => {
    assert.equal(printProp({ kind: 'const', value: true }), 'true');
    assert.equal(printProp(atom(r1, 'x')), '1:r1=x');
  });
});

describe('printCondition', () => {
  it('prints each quantifier with the proposition in parentheses', () => {
    const pos = { line: 1, col: 1 };
    assert.equal(printCondition({ quantifier: 'exists', prop: mpOutcome, pos }), 'exists (1:r1=1 /\\ 1:r4=0)');
    assert.equal(printCondition({ quantifier: 'not-exists', prop: mpOutcome, pos }), '~exists (1:r1=1 /\\ 1:r4=0)');
    assert.equal(printCondition({ quantifier: 'forall', prop: atom(x, 1), pos }, 'herd'), 'forall ([x]=1)');
  });
});
