// The Bluepencil extension: language server client, marking commands and
// the published preview for *.bp.md articles.
import * as vscode from 'vscode';
import { applyMarkAction } from './markCommands';
import { PublishedPreviews } from './publishedPreview';
import { SECTION, Server } from './server';
import { MARK_COMMANDS } from './util/codeActions';

let server: Server | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const s = new Server();
  server = s;
  const previews = new PublishedPreviews();
  context.subscriptions.push(s, previews);

  for (const { command, action } of MARK_COMMANDS) {
    context.subscriptions.push(vscode.commands.registerCommand(command, () => applyMarkAction(s, action)));
  }
  context.subscriptions.push(
    vscode.commands.registerCommand('bluepencil.showPublished', (uri?: vscode.Uri) =>
      previews.show(uri instanceof vscode.Uri ? uri : undefined),
    ),
    vscode.commands.registerCommand('bluepencil.restartServer', () => s.restart()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.server.path`)) {
        void s.restart();
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void s.restart()),
  );
  // Start in the background: activation does not wait for the server.
  void s.ready();
}

export async function deactivate(): Promise<void> {
  await server?.stop();
  server = undefined;
}
