// Elide selection, Mark as addition, Mark as modification: each asks the
// server for its refactor.rewrite actions on the selection and applies the
// one with the matching title.
import * as vscode from 'vscode';
import {
  CodeActionKind,
  CodeActionRequest,
  CodeActionResolveRequest,
  CodeActionTriggerKind,
  type CodeAction,
} from 'vscode-languageclient/node';
import { markRanges, newSideRange, pickCodeAction, type LspCodeAction } from './util/codeActions';
import type { Server } from './server';

export async function applyMarkAction(server: Server, title: string): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (editor?.document.languageId !== 'bluepencil') {
    void vscode.window.showInformationMessage('Bluepencil: open a .bp.md article first.');
    return;
  }
  if (editor.selection.isEmpty) {
    void vscode.window.showInformationMessage(`Bluepencil: select the words first (${title}).`);
    return;
  }
  const client = await server.ready();
  if (!client) {
    return;
  }
  const c2p = client.code2ProtocolConverter;
  const result = await client.sendRequest(CodeActionRequest.type, {
    textDocument: c2p.asTextDocumentIdentifier(editor.document),
    range: c2p.asRange(editor.selection),
    context: { diagnostics: [], only: [CodeActionKind.RefactorRewrite], triggerKind: CodeActionTriggerKind.Invoked },
  });
  let action: LspCodeAction | undefined = pickCodeAction(result, title);
  if (!action) {
    void vscode.window.showInformationMessage(
      `Bluepencil: "${title}" is not possible here: the selection cuts through a mark or lies in the front matter.`,
    );
    return;
  }
  if (action.edit === undefined && action.data !== undefined) {
    action = await client.sendRequest(CodeActionResolveRequest.type, action as CodeAction);
  }
  const full = action as CodeAction;
  if (full.edit) {
    const edit = await client.protocol2CodeConverter.asWorkspaceEdit(full.edit);
    const doc = editor.document;
    const ranges = markRanges(
      edit.get(doc.uri).map((e) => ({ start: doc.offsetAt(e.range.start), end: doc.offsetAt(e.range.end), newText: e.newText })),
    );
    if (!(await vscode.workspace.applyEdit(edit))) {
      void vscode.window.showWarningMessage(`Bluepencil: "${title}" could not be applied; the article changed meanwhile.`);
      return;
    }
    const sel = (r: readonly [number, number]) => new vscode.Selection(doc.positionAt(r[0]), doc.positionAt(r[1]));
    const first = ranges[0];
    if (action.title.toLowerCase() === 'mark as modification') {
      // Select the new side, a copy of the old, so that typing replaces it.
      const range = first && newSideRange(doc.getText(), first[0]);
      if (range) {
        editor.selection = sel(range);
      }
    } else if (ranges.length > 0) {
      // VS Code leaves the selection on the words and the closer it inserted
      // after them, so the next keystroke would delete the closer: select
      // each whole mark instead.
      editor.selections = ranges.map(sel);
    }
  }
  if (full.command) {
    const args: unknown[] = full.command.arguments ?? [];
    await vscode.commands.executeCommand(full.command.command, ...args);
  }
}
