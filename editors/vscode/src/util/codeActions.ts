// Choosing the server's code action for a marking command. Pure: the types
// are the LSP shapes, declared structurally so that no editor API is needed.

/** An LSP Command: what a server may return instead of a CodeAction. */
export interface LspCommand {
  title: string;
  command: string;
  arguments?: unknown[];
}

/** The parts of an LSP CodeAction the commands use. */
export interface LspCodeAction {
  title: string;
  kind?: string;
  edit?: unknown;
  command?: LspCommand;
  disabled?: { reason: string };
  data?: unknown;
}

/** The kind the server gives its marking actions. */
export const REFACTOR_REWRITE = 'refactor.rewrite';

/** The marking commands and the title of the server's action each applies. */
export const MARK_COMMANDS = [
  { command: 'bluepencil.elideSelection', action: 'Elide selection' },
  { command: 'bluepencil.markAddition', action: 'Mark as addition' },
  { command: 'bluepencil.markModification', action: 'Mark as modification' },
] as const;

function isCommand(item: LspCommand | LspCodeAction): item is LspCommand {
  return typeof item.command === 'string';
}

/**
 * Picks the enabled code action titled `title` from a textDocument/codeAction
 * result: an exact match first, then one that differs only in case.
 * Bare Commands are skipped: the server's actions carry their edits.
 */
export function pickCodeAction(
  items: readonly (LspCommand | LspCodeAction)[] | null | undefined,
  title: string,
): LspCodeAction | undefined {
  const actions = (items ?? []).filter((i): i is LspCodeAction => !isCommand(i) && i.disabled === undefined);
  return (
    actions.find((a) => a.title === title) ??
    actions.find((a) => a.title.toLowerCase() === title.toLowerCase())
  );
}

/**
 * After "Mark as modification" has turned the selection starting at
 * `from` into `{~~old~>old~~}`, the offsets of the new side (the copy the
 * editor types over), or undefined if no such mark follows `from`.
 */
export function newSideRange(text: string, from: number): [number, number] | undefined {
  const open = text.indexOf('{~~', from);
  if (open < 0) {
    return undefined;
  }
  const arrow = text.indexOf('~>', open + 3);
  const close = arrow < 0 ? -1 : text.indexOf('~~}', arrow + 2);
  return close < 0 ? undefined : [arrow + 2, close];
}

/** A text edit as offsets into the text before the edit. */
export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

/**
 * The ranges, as offsets into the text after `edits`, of the marks a marking
 * action made. The server wraps each paragraph of the selection with two
 * inserts, the opener before and the closer (with the new side of a
 * modification) after, so each pair of edits, in order, is one mark from
 * the first edit's start to the second's end. Selecting the whole mark
 * keeps the next keystroke from deleting only its closer. Edits that do not
 * pair up give one range over all of them.
 */
export function markRanges(edits: readonly OffsetEdit[]): [number, number][] {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  // Where each edit lands: its start shifted by the edits before it.
  let shift = 0;
  const placed = sorted.map((e) => {
    const start = e.start + shift;
    shift += e.newText.length - (e.end - e.start);
    return [start, start + e.newText.length] as [number, number];
  });
  const first = placed[0];
  const last = placed[placed.length - 1];
  if (first === undefined || last === undefined) {
    return [];
  }
  if (placed.length % 2 !== 0) {
    return [[first[0], last[1]]];
  }
  const out: [number, number][] = [];
  for (let i = 0; i + 1 < placed.length; i += 2) {
    const open = placed[i];
    const close = placed[i + 1];
    if (open && close) {
      out.push([open[0], close[1]]);
    }
  }
  return out;
}
