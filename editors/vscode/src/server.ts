// Starting and stopping the bluepencil language server.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as vscode from 'vscode';
import {
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';
import { findExecutable, INSTALL_COMMAND, notFoundMessage } from './util/executable';

export const SECTION = 'bluepencil';

function isExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    fs.accessSync(file, process.platform === 'win32' ? fs.constants.F_OK : fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The configured server path; workspace values only in a trusted workspace. */
export function configuredServerPath(): string {
  const cfg = vscode.workspace.getConfiguration(SECTION);
  if (!vscode.workspace.isTrusted) {
    const inspected = cfg.inspect<string>('server.path');
    return inspected?.globalValue ?? inspected?.defaultValue ?? 'bluepencil';
  }
  return cfg.get<string>('server.path', 'bluepencil');
}

/** The bluepencil executable, or undefined (after telling the user) when there is none. */
export function resolveServerPath(): string | undefined {
  const configured = configuredServerPath();
  const found = findExecutable(configured, {
    env: process.env,
    platform: process.platform,
    home: os.homedir(),
    base: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    isExecutable,
  });
  if (found === undefined) {
    void showNotFound(configured);
  }
  return found;
}

async function showNotFound(configured: string): Promise<void> {
  const openSettings = 'Open Settings';
  const copy = 'Copy Install Command';
  const choice = await vscode.window.showErrorMessage(notFoundMessage(configured), openSettings, copy);
  if (choice === openSettings) {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'bluepencil.server.path');
  } else if (choice === copy) {
    await vscode.env.clipboard.writeText(INSTALL_COMMAND);
  }
}

/** Owns the language client: start, stop, restart when the server path changes. */
export class Server implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private starting: Promise<LanguageClient | undefined> | undefined;
  private readonly output = vscode.window.createOutputChannel('Bluepencil');

  /** The running client, starting it if needed; undefined when it cannot start. */
  async ready(): Promise<LanguageClient | undefined> {
    if (this.client?.isRunning()) {
      return this.client;
    }
    this.starting ??= this.start().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async start(): Promise<LanguageClient | undefined> {
    await this.stop();
    const command = resolveServerPath();
    if (command === undefined) {
      return undefined;
    }
    // TransportKind.stdio makes the client pass --stdio, which serve accepts.
    const serverOptions: ServerOptions = {
      run: { command, args: ['serve'], transport: TransportKind.stdio },
      debug: { command, args: ['serve', '--log-level', 'debug'], transport: TransportKind.stdio },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: 'file', language: 'bluepencil' },
        { scheme: 'untitled', language: 'bluepencil' },
      ],
      // Sends workspace/didChangeConfiguration with the "bluepencil" section on
      // every change; workspace/configuration requests are answered as well.
      synchronize: { configurationSection: SECTION },
      outputChannel: this.output,
      traceOutputChannel: this.output,
    };
    // The id "bluepencil" makes the client read the bluepencil.trace.server setting.
    const client = new LanguageClient('bluepencil', 'Bluepencil', serverOptions, clientOptions);
    try {
      await client.start();
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      void vscode.window
        .showErrorMessage(`Bluepencil: the language server "${command}" did not start: ${msg}`, 'Show Output')
        .then((c) => {
          if (c) {
            this.output.show();
          }
        });
      return undefined;
    }
    this.client = client;
    return client;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.ready();
  }

  async stop(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    if (c) {
      try {
        await c.stop();
      } catch {
        // A server that is already gone cannot be stopped.
      }
    }
  }

  dispose(): void {
    void this.stop();
    this.output.dispose();
  }
}
