import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { markRanges, newSideRange, pickCodeAction, type LspCodeAction, type LspCommand, type OffsetEdit } from '../util/codeActions';

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

describe('markRanges', () => {
  // Applies edits the way the editor does, to check the ranges against the result.
  function apply(text: string, edits: OffsetEdit[]): string {
    let out = text;
    for (const e of [...edits].sort((a, b) => b.start - a.start)) {
      out = out.slice(0, e.start) + e.newText + out.slice(e.end);
    }
    return out;
  }
  const ins = (at: number, newText: string): OffsetEdit => ({ start: at, end: at, newText });
  const cases: { name: string; text: string; edits: OffsetEdit[]; want: string[] }[] = [
    { name: 'elide one word', text: 'a calmer sea', edits: [ins(2, '{--'), ins(8, '--}')], want: ['{--calmer--}'] },
    { name: 'addition', text: 'sent by post', edits: [ins(5, '{++'), ins(7, '++}')], want: ['{++by++}'] },
    {
      name: 'one mark per paragraph, edits in any order',
      text: 'one two\n\nthree four',
      edits: [ins(19, '--}'), ins(0, '{--'), ins(7, '--}'), ins(9, '{--')],
      want: ['{--one two--}', '{--three four--}'],
    },
    { name: 'modification', text: 'the old word', edits: [ins(4, '{~~'), ins(7, '~>old~~}')], want: ['{~~old~>old~~}'] },
    { name: 'emoji before the mark (UTF-16 offsets)', text: '😀 tail', edits: [ins(3, '{--'), ins(7, '--}')], want: ['{--tail--}'] },
    { name: 'unpaired edits: one range over all', text: 'abc', edits: [{ start: 0, end: 3, newText: '{--abc--}' }], want: ['{--abc--}'] },
    { name: 'no edits', text: 'abc', edits: [], want: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const after = apply(c.text, c.edits);
      assert.deepEqual(
        markRanges(c.edits).map(([s, e]) => after.slice(s, e)),
        c.want,
      );
    });
  }
});
