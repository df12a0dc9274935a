'use strict';
// A bluepencil language server session driven through Microsoft's
// vscode-languageserver-protocol client connection, over the server's real
// stdin and stdout.

const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { StreamMessageReader, StreamMessageWriter } = require('vscode-jsonrpc/node');
const {
  createProtocolConnection,
  InitializeRequest,
  InitializedNotification,
  ShutdownRequest,
  ExitNotification,
  PublishDiagnosticsNotification,
  ConfigurationRequest,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
} = require('vscode-languageserver-protocol/node');

const REPO = path.resolve(__dirname, '..', '..', '..');

// WAIT_MS bounds every single wait: a request, a publish, an exit.
const WAIT_MS = Number(process.env.BLUEPENCIL_E2E_WAIT_MS || 5000);

let builtBinary;

// serverBinary returns $BLUEPENCIL_BIN, or builds the server once per test
// process into a temporary directory.
function serverBinary() {
  if (process.env.BLUEPENCIL_BIN) return process.env.BLUEPENCIL_BIN;
  if (!builtBinary) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bluepencil-e2e-'));
    builtBinary = path.join(dir, 'bluepencil');
    execFileSync('go', ['build', '-o', builtBinary, './cmd/bluepencil'], { cwd: REPO, stdio: 'inherit' });
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  return builtBinary;
}

// withTimeout rejects if promise does not settle within ms.
function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

class Session {
  // settings is what the client answers to workspace/configuration, by
  // section; it may be changed at any time.
  constructor({ settings = {}, args = ['serve', '--stdio'] } = {}) {
    this.settings = settings;
    this.configurationRequests = [];
    this.publishes = []; // every publishDiagnostics, in arrival order
    this.waiters = new Set();
    this.stderr = '';
    this.stopping = false;

    this.proc = spawn(serverBinary(), args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr.setEncoding('utf8');
    this.proc.stderr.on('data', (d) => { this.stderr += d; });
    // Writing to a server that already exited must not crash the test
    // process: the exit itself is what the tests look at.
    this.proc.stdin.on('error', () => {});
    this.exited = new Promise((resolve) => {
      // 'close' rather than 'exit': by then stderr has been read to its end.
      this.proc.on('close', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
        for (const w of this.waiters) w.check();
      });
    });

    this.conn = createProtocolConnection(
      new StreamMessageReader(this.proc.stdout),
      new StreamMessageWriter(this.proc.stdin),
    );
    this.conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.publishes.push(p);
      for (const w of this.waiters) w.check();
    });
    this.conn.onRequest(ConfigurationRequest.type, (p) => {
      this.configurationRequests.push(p);
      return p.items.map((item) => (item.section in this.settings ? this.settings[item.section] : null));
    });
    // The connection reports a closed stream as an error; the exit code is
    // what the tests check.
    this.conn.onError(() => {});
    this.conn.onClose(() => {});
    this.conn.listen();
  }

  // A description of an unexpected exit, with the start of any Go panic.
  crashText() {
    const at = this.stderr.search(/panic:|fatal error:/);
    const panic = at >= 0 ? `: ${this.stderr.slice(at).split('\n').filter(Boolean).slice(0, 6).join(' | ')}` : '';
    return `the server exited unexpectedly (code ${this.exit.code}, signal ${this.exit.signal})${panic}`;
  }

  // guard races promise against the server's unexpected exit and a timeout.
  guard(promise, what) {
    const died = this.exited.then((e) => {
      if (this.stopping) return new Promise(() => {}); // an expected exit: let the promise decide
      throw new Error(`${what}: ${this.crashText()}`);
    });
    return withTimeout(Promise.race([promise, died]), WAIT_MS, what);
  }

  request(type, params) {
    const method = typeof type === 'string' ? type : type.method;
    return this.guard(this.conn.sendRequest(type, params), method);
  }

  notify(type, params) {
    return this.conn.sendNotification(type, params);
  }

  async initialize(capabilities, extra = {}) {
    const result = await this.request(InitializeRequest.type, {
      processId: process.pid,
      clientInfo: { name: 'bluepencil-e2e-node' },
      rootUri: null,
      capabilities,
      ...extra,
    });
    await this.notify(InitializedNotification.type, {});
    this.initResult = result;
    return result;
  }

  async open(uri, text, version = 1) {
    await this.notify(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'markdown', version, text },
    });
  }

  async change(uri, version, contentChanges) {
    await this.notify(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges,
    });
  }

  // waitForPublish resolves with the first publish for uri, among those
  // already received and those to come, for which pred holds.
  // from is the index in this.publishes to start at: pass
  // session.publishes.length to wait only for publishes still to come.
  waitForPublish(uri, pred = () => true, what = `diagnostics for ${uri}`, from = 0) {
    const found = new Promise((resolve) => {
      let seen = from;
      const w = {
        check: () => {
          for (; seen < this.publishes.length; seen++) {
            const p = this.publishes[seen];
            if (p.uri === uri && pred(p)) {
              this.waiters.delete(w);
              resolve(p);
              return;
            }
          }
        },
      };
      this.waiters.add(w);
      w.check();
    });
    return this.guard(found, what);
  }

  // The last publish for uri of the given version.
  waitForVersion(uri, version) {
    return this.waitForPublish(uri, (p) => p.version === version, `diagnostics for ${uri} version ${version}`);
  }

  // shutdown then exit; resolves with the process's exit.
  async stop() {
    if (this.exit) return this.exit;
    await this.request(ShutdownRequest.type, undefined);
    this.stopping = true;
    await this.notify(ExitNotification.type);
    return withTimeout(this.exited, WAIT_MS, 'the server to exit');
  }

  // Ends the process whatever state it is in (test clean-up), and fails
  // the test if the server panicked at any point, even after the test's
  // last check.
  async dispose() {
    this.stopping = true;
    this.conn.dispose();
    if (!this.exit) {
      this.proc.kill('SIGKILL');
      await this.exited;
    }
    const at = this.stderr.search(/panic:|fatal error:/);
    if (at >= 0) {
      throw new Error(`the server panicked: ${this.stderr.slice(at).split('\n').filter(Boolean).slice(0, 6).join(' | ')}`);
    }
  }
}

// start spawns a server and initializes it with capabilities.
async function start(capabilities, opts = {}) {
  const s = new Session(opts);
  try {
    await s.initialize(capabilities, opts.initialize);
  } catch (e) {
    await s.dispose().catch(() => {}); // e already says what went wrong
    throw e;
  }
  return s;
}

module.exports = { Session, start, serverBinary, withTimeout, WAIT_MS };
