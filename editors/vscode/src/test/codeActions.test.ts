import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newSideRange, pickCodeAction, type LspCodeAction, type LspCommand } from '../util/codeActions';

describe('pickCodeAction', () => {
  const elide: LspCodeAction = { title: 'Elide selection', kind: 'refactor.rewrite', edit: { changes: {} } };
  const add: LspCodeAction = { title: 'Mark as addition', kind: 'refactor.rewrite', edit: { changes: {} } };
  const bare: LspCommand = { title: 'Mark as addition', command: 'x.y' };

  it('picks the action with the exact title', () => {
    assert.equal(pickCodeAction([elide, add], 'Mark as addition'), add);
    assert.equal(pickCodeAction([elide, add], 'Elide selection'), elide);
  });

  it('falls back to a title that differs only in case', () => {
    assert.equal(pickCodeAction([elide], 'Elide Selection'), elide);
  });

  it('skips bare commands and disabled actions', () => {
    assert.equal(pickCodeAction([bare], 'Mark as addition'), undefined);
    assert.equal(pickCodeAction([{ ...add, disabled: { reason: 'no' } }], 'Mark as addition'), undefined);
    assert.equal(pickCodeAction([bare, add], 'Mark as addition'), add);
  });

  it('answers undefined for no result', () => {
    assert.equal(pickCodeAction(null, 'Elide selection'), undefined);
    assert.equal(pickCodeAction(undefined, 'Elide selection'), undefined);
    assert.equal(pickCodeAction([], 'Elide selection'), undefined);
    assert.equal(pickCodeAction([add], 'Elide selection'), undefined);
  });
});

describe('newSideRange', () => {
  it('finds the new side of the modification at or after the selection', () => {
    const text = 'The {~~old~>new~~} and {~~long words~>long words~~} here.';
    const from = text.indexOf('{~~long');
    const r = newSideRange(text, from);
    assert.ok(r);
    assert.equal(text.slice(r[0], r[1]), 'long words');
    const first = newSideRange(text, 0);
    assert.ok(first);
    assert.equal(text.slice(first[0], first[1]), 'new');
  });

  it('answers undefined when there is no complete modification', () => {
    assert.equal(newSideRange('no mark', 0), undefined);
    assert.equal(newSideRange('{~~old~~}', 0), undefined);
    assert.equal(newSideRange('{~~old~>new', 0), undefined);
    assert.equal(newSideRange('{~~a~>b~~} x', 3), undefined);
  });
});
