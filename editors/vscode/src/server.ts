// Starting and stopping the bluepencil language server.
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { explainNotFound, findExecutable, INSTALL_COMMAND, type NotFound, notFoundMessage } from './util/executable';
import { settingsCommand } from './util/settings';

export const SECTION = 'bluepencil';

/** How often a missing server is looked for again, so that installing it is enough. */
const RETRY_MS = 3000;

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

function searchEnv() {
  return {
    env: process.env,
    platform: process.platform,
    home: os.homedir(),
    // A relative path would run a program of the workspace: only when trusted.
    base: vscode.workspace.isTrusted ? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath : undefined,
    isExecutable,
  };
}

/** Where the server is, or why it is not found. */
export function locateServer(): { command: string } | { missing: NotFound } {
  const configured = configuredServerPath();
  const e = searchEnv();
  const command = findExecutable(configured, e);
  if (command !== undefined) {
    return { command };
  }
  return { missing: explainNotFound(configured, { ...e, exists: (f) => fs.existsSync(f), untrusted: !vscode.workspace.isTrusted }) };
}

/** Opens the settings editor on bluepencil.server.path, in the tab that lists it. */
export async function openServerPathSetting(): Promise<void> {
  const { command, args } = settingsCommand(vscode.env.remoteName, 'bluepencil.server.path');
  await vscode.commands.executeCommand(command, ...args);
}

/** Owns the language client: start, stop, restart when the server path changes. */
export class Server implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private process: ChildProcess | undefined;
  private starting: Promise<LanguageClient | undefined> | undefined;
  private retry: NodeJS.Timeout | undefined;
  private shownMissing: string | undefined;
  private disposed = false;
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
    this.stopRetrying();
    const found = locateServer();
    if ('missing' in found) {
      this.notFound(found.missing);
      return undefined;
    }
    this.shownMissing = undefined;
    const command = found.command;
    // The process is spawned here rather than by the client, which logs
    // "Server process exited with code 0" as an error on every clean stop.
    const serverOptions: ServerOptions = () => Promise.resolve(this.spawn(command, ['serve', '--stdio']));
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

  private spawn(command: string, args: string[]): ChildProcess {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    this.process = child;
    child.on('error', (err) => {
      this.output.appendLine(`[Error - ${new Date().toLocaleTimeString()}] ${command}: ${err.message}`);
    });
    child.on('exit', (code, signal) => {
      const expected = this.process !== child;
      if (this.process === child) {
        this.process = undefined;
      }
      // Stopped by us (restart, setting change, window closing): nothing to report.
      if (expected || (code === 0 && signal === null)) {
        return;
      }
      const how = signal === null ? `with code ${String(code)}` : `with signal ${signal}`;
      this.output.appendLine(`[Error - ${new Date().toLocaleTimeString()}] Server process exited ${how}.`);
    });
    return child;
  }

  /** Tells the user once per setting value, and looks for the server again until it is there. */
  private notFound(nf: NotFound): void {
    const key = JSON.stringify(nf);
    if (this.shownMissing !== key) {
      this.shownMissing = key;
      void this.showNotFound(nf);
    }
    this.retry = setTimeout(() => {
      this.retry = undefined;
      if (!this.disposed && 'command' in locateServer()) {
        void this.ready();
      } else if (!this.disposed) {
        this.notFound(nf);
      }
    }, RETRY_MS);
  }

  private async showNotFound(nf: NotFound): Promise<void> {
    const retry = 'Retry';
    const openSettings = 'Open Settings';
    const copy = 'Copy Install Command';
    const buttons = nf.path === undefined ? [retry, openSettings, copy] : [retry, openSettings];
    const choice = await vscode.window.showErrorMessage(notFoundMessage(nf), ...buttons);
    if (choice === retry) {
      this.shownMissing = undefined;
      await this.ready();
    } else if (choice === openSettings) {
      await openServerPathSetting();
    } else if (choice === copy) {
      await vscode.env.clipboard.writeText(INSTALL_COMMAND);
    }
  }

  private stopRetrying(): void {
    if (this.retry !== undefined) {
      clearTimeout(this.retry);
      this.retry = undefined;
    }
  }

  async restart(): Promise<void> {
    this.shownMissing = undefined;
    await this.stop();
    await this.ready();
  }

  async stop(): Promise<void> {
    const c = this.client;
    const child = this.process;
    this.client = undefined;
    // From here on an exit of this process is expected.
    this.process = undefined;
    if (c) {
      try {
        await c.stop();
      } catch {
        // A server that is already gone cannot be stopped.
      }
    }
    // The server exits after "exit"; one that does not is ended.
    if (child?.exitCode === null && child.signalCode === null) {
      const timer = setTimeout(() => child.kill(), 2000);
      child.once('exit', () => {
        clearTimeout(timer);
      });
    }
  }

  dispose(): void {
    this.disposed = true;
    this.stopRetrying();
    void this.stop();
    this.output.dispose();
  }
}
