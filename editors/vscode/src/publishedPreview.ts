// "Show Published Article": a webview beside the editor showing
// `bluepencil render --view published --html FILE`, refreshed on save.
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { locateServer, SECTION } from './server';
import { notFoundMessage } from './util/executable';
import { contentSecurityPolicy, errorPage, preparePage, renderArgs } from './util/preview';

function run(command: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, timeout: 30_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        reject(new Error(stderr.trim() || err.message));
      } else {
        resolve(stdout);
      }
    });
  });
}

export class PublishedPreviews implements vscode.Disposable {
  private readonly panels = new Map<string, vscode.WebviewPanel>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor() {
    this.subscriptions.push(
      vscode.workspace.onDidSaveTextDocument((doc) => {
        const panel = this.panels.get(doc.uri.toString());
        if (panel) {
          void this.refresh(panel, doc.uri);
        }
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SECTION}.elision`) || e.affectsConfiguration(`${SECTION}.server.path`)) {
          for (const [key, panel] of this.panels) {
            void this.refresh(panel, vscode.Uri.parse(key));
          }
        }
      }),
    );
  }

  async show(uri?: vscode.Uri): Promise<void> {
    const target = uri ?? vscode.window.activeTextEditor?.document.uri;
    if (!target) {
      void vscode.window.showInformationMessage('Bluepencil: open a .bp.md article first.');
      return;
    }
    if (target.scheme !== 'file') {
      void vscode.window.showInformationMessage('Bluepencil: save the article to a file first; the preview renders the saved file.');
      return;
    }
    const key = target.toString();
    let panel = this.panels.get(key);
    if (panel) {
      panel.reveal(vscode.ViewColumn.Beside, true);
    } else {
      const folder = vscode.Uri.file(path.dirname(target.fsPath));
      panel = vscode.window.createWebviewPanel(
        'bluepencil.published',
        `Published: ${path.basename(target.fsPath)}`,
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { enableScripts: false, enableForms: false, localResourceRoots: [folder] },
      );
      this.panels.set(key, panel);
      panel.onDidDispose(() => this.panels.delete(key));
    }
    await this.refresh(panel, target);
  }

  private async refresh(panel: vscode.WebviewPanel, uri: vscode.Uri): Promise<void> {
    const webview = panel.webview;
    const csp = contentSecurityPolicy(webview.cspSource);
    const found = locateServer();
    if ('missing' in found) {
      webview.html = errorPage(csp, 'bluepencil not found', notFoundMessage(found.missing));
      return;
    }
    const command = found.command;
    const file = uri.fsPath;
    const elision = vscode.workspace.getConfiguration(SECTION, uri).get<string>('elision');
    try {
      const html = await run(command, renderArgs(file, elision), path.dirname(file));
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      const folder = webview.asWebviewUri(vscode.Uri.file(path.dirname(file))).toString();
      webview.html = preparePage(html, {
        csp,
        baseHref: folder.endsWith('/') ? folder : folder + '/',
        note: doc?.isDirty ? 'This shows the last saved version; save to refresh.' : undefined,
      });
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      webview.html = errorPage(csp, 'bluepencil render failed', msg);
    }
  }

  dispose(): void {
    for (const panel of this.panels.values()) {
      panel.dispose();
    }
    for (const s of this.subscriptions) {
      s.dispose();
    }
  }
}
