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
import { newSideRange, pickCodeAction, type LspCodeAction } from './util/codeActions';
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
  const from = editor.document.offsetAt(editor.selection.start);
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
    if (!(await vscode.workspace.applyEdit(edit))) {
      void vscode.window.showWarningMessage(`Bluepencil: "${title}" could not be applied; the article changed meanwhile.`);
      return;
    }
    if (action.title.toLowerCase() === 'mark as modification') {
      // Select the new side, a copy of the old, so that typing replaces it.
      const range = newSideRange(editor.document.getText(), from);
      if (range) {
        editor.selection = new vscode.Selection(editor.document.positionAt(range[0]), editor.document.positionAt(range[1]));
      }
    }
  }
  if (full.command) {
    const args: unknown[] = full.command.arguments ?? [];
    await vscode.commands.executeCommand(full.command.command, ...args);
  }
}
