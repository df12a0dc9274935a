'use strict';
// Keystroke benchmarks of `bluepencil serve` through Microsoft's client
// library (vscode-languageserver-protocol), each beside a null server
// (null-server.js) run in the same process, interleaved, as its floor:
//
//   keystroke  one-character didChange until publishDiagnostics of that
//              version, p50 and p99, on 20 KiB and 1 MiB, with and without
//              an original; the null server answers the same keystrokes in
//              turn, and so do a second null server that publishes the
//              server's first diagnostics for every version, and a Go
//              server (e2e/replay) that sends those same bytes at once:
//              the cost of the diagnostics alone, encoding included and
//              not (the 1 MiB article has 1,430, 340 KB of JSON).
//   burst      10 keystrokes 100 ms apart on 10 MiB with an original, a hover
//              sent right after the last: how long after the last keystroke
//              the last version's diagnostics and the hover arrive.
//   memory     RSS growth of the server for 100 open 100 KiB articles,
//              without originals, each with its own, and all naming one,
//              as a multiple of the text opened.
//
//   node bench/keystroke.js [keystroke|burst|memory ...]   (all by default)
//
// BLUEPENCIL_BIN names the server binary (else it is built). BENCH_N sets
// the keystrokes per size (default 400 on 20 KiB, 150 on 1 MiB) and
// BENCH_TRIALS the bursts (default 7); BENCH_STDERR=1 shows the
// server's log. BENCH_SIZES picks keystroke sizes (comma-separated names
// as printed), and BENCH_BEFORE names a second server binary typed into
// in turn with the others, for a before-and-after in one run. Not run in CI: it takes minutes.

const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { StreamMessageReader, StreamMessageWriter } = require('vscode-jsonrpc/node');
const {
  createProtocolConnection,
  InitializeRequest,
  InitializedNotification,
  ShutdownRequest,
  ExitNotification,
  PublishDiagnosticsNotification,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  HoverRequest,
} = require('vscode-languageserver-protocol/node');
const { serverBinary } = require('../lib/session');
const { article, withOriginal, middleLine } = require('./sample');

const now = () => Number(process.hrtime.bigint()) / 1e6; // ms
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Client is a lean LSP client: it keeps only the latest publish per URI
// (a 1 MiB article's publishes are half a megabyte each) and counts any
// publish older than one already received.
class Client {
  constructor(cmd, args, root, env) {
    this.root = root;
    this.proc = spawn(cmd, args, { stdio: ['pipe', 'pipe', process.env.BENCH_STDERR ? 'inherit' : 'ignore'], env: { ...process.env, ...env } });
    this.conn = createProtocolConnection(new StreamMessageReader(this.proc.stdout), new StreamMessageWriter(this.proc.stdin));
    this.latest = new Map(); // uri -> {version, count, at}
    this.waiters = [];
    this.outOfOrder = 0;
    this.conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      const at = now();
      const prev = this.latest.get(p.uri);
      if (prev && p.version < prev.version) this.outOfOrder++;
      this.latest.set(p.uri, { version: p.version, count: p.diagnostics.length, at, diagnostics: p.diagnostics });
      this.waiters = this.waiters.filter((w) => !w(p, at));
    });
    this.conn.onRequest(() => null); // registrations, configuration
    this.conn.onError(() => {});
    this.conn.onClose(() => {});
    this.conn.listen();
  }

  async initialize() {
    const folder = this.root ? [{ uri: pathToFileURL(this.root).href, name: 'bench' }] : null;
    await this.conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: folder,
      capabilities: {
        general: { positionEncodings: ['utf-16'] },
        textDocument: {
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
        },
        workspace: { workspaceEdit: { documentChanges: true } },
      },
    });
    await this.conn.sendNotification(InitializedNotification.type, {});
  }

  // version resolves with {at, count} when uri's diagnostics of version v
  // arrive.
  version(uri, v) {
    const l = this.latest.get(uri);
    if (l && l.version === v) return Promise.resolve(l);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for version ${v} of ${uri} in 60 s`)), 60000);
      this.waiters.push((p, at) => {
        if (p.uri !== uri || p.version !== v) return false;
        clearTimeout(timer);
        resolve({ at, count: p.diagnostics.length });
        return true;
      });
    });
  }

  open(uri, text, version = 1) {
    return this.conn.sendNotification(DidOpenTextDocumentNotification.type,
      { textDocument: { uri, languageId: 'markdown', version, text } });
  }

  change(uri, version, contentChanges) {
    return this.conn.sendNotification(DidChangeTextDocumentNotification.type,
      { textDocument: { uri, version }, contentChanges });
  }

  // rss returns the process's resident and peak resident set, in bytes.
  rss() {
    const status = fs.readFileSync(`/proc/${this.proc.pid}/status`, 'utf8');
    const kb = (key) => Number(status.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'))[1]) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  }

  async stop() {
    try {
      await this.conn.sendRequest(ShutdownRequest.type);
      await this.conn.sendNotification(ExitNotification.type);
    } catch {
      // already gone
    }
    await new Promise((r) => (this.proc.exitCode !== null ? r() : this.proc.on('exit', r)));
    this.conn.dispose();
  }
}

const real = (root) => new Client(serverBinary(), ['serve', '--stdio'], root);
// nul is the null server; given a file, it publishes for every version
// the diagnostics in it instead of none: what the client spends on the
// diagnostics alone, whatever server sends them.
const nul = (root, file) => new Client(process.execPath, [path.join(__dirname, 'null-server.js')], root,
  file && { BENCH_NULL_DIAGNOSTICS: file });

// replay is e2e/replay, built once: a Go server that sends the same
// diagnostics at once, pre-encoded, for every version: what those bytes
// cost the transport and the client alone, whatever the server.
let replayBuilt;
function replay(root, file) {
  if (!replayBuilt) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bluepencil-replay-'));
    replayBuilt = path.join(dir, 'replay');
    execFileSync('go', ['build', '-o', replayBuilt, './replay'], { cwd: path.join(__dirname, '..', '..'), stdio: 'inherit' });
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  return new Client(replayBuilt, [], root, { REPLAY_DIAGNOSTICS: file });
}

function percentile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

const fmt = (ms) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));

// workspace writes files into a new temporary folder and returns it.
function workspace(files) {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'bluepencil-bench-')));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// keystrokes types n single characters (inserting and deleting an "x" by
// turns at the start of a middle line) into the same article on the real
// and the null server, alternating, each keystroke waiting for the
// diagnostics of its version; it returns the latencies in ms.
async function keystrokes(name, text, orig, n) {
  const dir = workspace(orig === undefined ? {} : { 'orig.txt': orig });
  const uri = pathToFileURL(path.join(dir, 'article.bp.md')).href;
  const line = middleLine(text);
  const peers = [{ name: 'server', c: real(dir), lat: [] }, { name: 'null', c: nul(dir), lat: [] }];
  if (process.env.BENCH_BEFORE) peers.push({ name: 'before', c: new Client(process.env.BENCH_BEFORE, ['serve', '--stdio'], dir), lat: [] });
  let diags = 0;
  for (const p of peers) {
    await p.c.initialize();
    await p.c.open(uri, text);
    const d = await p.c.version(uri, 1);
    if (p.name === 'server') {
      diags = d.count;
      // The third peer publishes the server's first diagnostics, as they
      // are, for every version: the same bytes for the client to read.
      const file = path.join(dir, 'diagnostics.json');
      fs.writeFileSync(file, JSON.stringify(p.c.latest.get(uri).diagnostics));
      peers.push({ name: 'payload', c: nul(dir, file), lat: [] });
      peers.push({ name: 'replay', c: replay(dir, file), lat: [] });
    }
  }
  const at = { line, character: 0 };
  const insert = [{ range: { start: at, end: at }, text: 'x' }];
  const remove = [{ range: { start: at, end: { line, character: 1 } }, text: '' }];
  for (let v = 2; v < n + 2; v++) {
    for (const p of peers) {
      const start = now();
      await p.c.change(uri, v, v % 2 === 0 ? insert : remove);
      const d = await p.c.version(uri, v);
      p.lat.push(d.at - start);
    }
  }
  const byName = Object.fromEntries(peers.map((p) => [p.name, p]));
  const [s, z, y, b, rp] = ['server', 'null', 'payload', 'before', 'replay'].map((k) => byName[k]);
  for (const p of peers) await p.c.stop();
  const r = {
    name, diags,
    server: { p50: percentile(s.lat, 0.5), p99: percentile(s.lat, 0.99) },
    null: { p50: percentile(z.lat, 0.5), p99: percentile(z.lat, 0.99) },
    payload: { p50: percentile(y.lat, 0.5), p99: percentile(y.lat, 0.99) },
    replay: { p50: percentile(rp.lat, 0.5), p99: percentile(rp.lat, 0.99) },
  };
  if (b) r.before = { p50: percentile(b.lat, 0.5), p99: percentile(b.lat, 0.99) };
  console.log(`keystroke ${name} (${diags} diagnostics, ${n} keystrokes): server p50 ${fmt(r.server.p50)} ms p99 ${fmt(r.server.p99)} ms; ` +
    `null p50 ${fmt(r.null.p50)} ms p99 ${fmt(r.null.p99)} ms; p50 ratio ${(r.server.p50 / r.null.p50).toFixed(1)}x; ` +
    `null publishing the same diagnostics p50 ${fmt(r.payload.p50)} ms p99 ${fmt(r.payload.p99)} ms (${(r.server.p50 / r.payload.p50).toFixed(1)}x); ` +
    `a Go server replaying the same bytes at once p50 ${fmt(r.replay.p50)} ms (${(r.server.p50 / r.replay.p50).toFixed(1)}x)` +
    (r.before ? `; before p50 ${fmt(r.before.p50)} ms p99 ${fmt(r.before.p99)} ms (${(r.before.p50 / r.null.p50).toFixed(1)}x)` : ''));
  return r;
}

// burst sends 10 keystrokes 100 ms apart to a 10 MiB article with an
// original, then at once a hover on a mark of the edited line, and times
// from the last keystroke to the last version's diagnostics and to the
// hover's answer; the null server gets the same bursts, interleaved.
async function burst(trials) {
  const { article: text, original } = withOriginal(article(10 << 20));
  const dir = workspace({ 'orig.txt': original });
  const uri = pathToFileURL(path.join(dir, 'article.bp.md')).href;
  const line = middleLine(text);
  const lineText = text.split('\n')[line];
  const mark = lineText.indexOf('{--sweeping--}') >= 0 ? lineText.indexOf('{--sweeping--}') : lineText.indexOf('{');
  const peers = [{ name: 'server', c: real(dir), diag: [], hover: [], published: [] }, { name: 'null', c: nul(dir), diag: [], hover: [], published: [] }];
  for (const p of peers) {
    await p.c.initialize();
    await p.c.open(uri, text);
    await p.c.version(uri, 1);
  }
  let version = 1;
  let inserted = 0;
  for (let t = 0; t < trials; t++) {
    for (const p of peers) {
      const base = version;
      const seen = new Set();
      p.c.waiters.push((pub) => { if (pub.uri === uri && pub.version > base) seen.add(pub.version); return false; });
      const t0 = now();
      let last = 0;
      for (let k = 0; k < 10; k++) {
        const wait = t0 + k * 100 - now();
        if (wait > 0) await sleep(wait);
        version++;
        // Insert an "x" at the start of the line, or delete it, by turns:
        // the mark to hover moves one character each time.
        const at = { line, character: 0 };
        const change = inserted ? { range: { start: at, end: { line, character: 1 } }, text: '' } : { range: { start: at, end: at }, text: 'x' };
        inserted = 1 - inserted;
        last = now();
        await p.c.change(uri, version, [change]);
      }
      const diag = p.c.version(uri, version).then((d) => d.at - last);
      const hover = p.c.conn.sendRequest(HoverRequest.type, {
        textDocument: { uri }, position: { line, character: mark + inserted + 3 },
      }).then((h) => {
        if (p.name === 'server' && !(h && JSON.stringify(h.contents).includes('sweeping'))) {
          throw new Error(`hover after the burst does not show the mark: ${JSON.stringify(h)}`);
        }
        return now() - last;
      });
      const [d, h] = await Promise.all([diag, hover]);
      p.diag.push(d);
      p.hover.push(h);
      p.published.push(seen.size);
      await sleep(300);
    }
  }
  const out = {};
  for (const p of peers) {
    out[p.name] = { diag: p.diag, hover: p.hover, published: p.published };
    console.log(`burst 10MiB+original ${p.name}: last diagnostics after ${p.diag.map(fmt).join(', ')} ms ` +
      `(p50 ${fmt(percentile(p.diag, 0.5))}, max ${fmt(Math.max(...p.diag))}); hover after ${p.hover.map(fmt).join(', ')} ms ` +
      `(p50 ${fmt(percentile(p.hover, 0.5))}, max ${fmt(Math.max(...p.hover))}); versions published per burst ${p.published.join(',')}`);
  }
  for (const p of peers) {
    if (p.c.outOfOrder) console.log(`burst ${p.name}: ${p.c.outOfOrder} publishes older than one already received`);
    await p.c.stop();
  }
  return out;
}

// memory opens 100 articles of 100 KiB, each different, and reports the
// server's RSS growth over the text opened.
async function memory(kind) {
  const docs = 100;
  const size = 100 << 10;
  const base = article(size);
  const files = {};
  const texts = [];
  for (let i = 0; i < docs; i++) {
    const body = `doc ${i}\n` + base.slice(base.indexOf('---\n\n') + 5);
    if (kind === 'plain') {
      texts.push(base.slice(0, base.indexOf('---\n\n') + 5) + body);
      continue;
    }
    const name = kind === 'shared' ? 'orig.txt' : `orig-${i}.txt`;
    const w = withOriginal(base, name);
    const t = w.article.replace('---\n\n', `---\n\ndoc ${i}\n`);
    texts.push(t);
    files[name] = kind === 'shared' ? w.original : `doc ${i}\n` + w.original;
  }
  const dir = workspace(files);
  const c = real(dir);
  await c.initialize();
  await sleep(300);
  const before = c.rss();
  const bytes = texts.reduce((n, t) => n + t.length, 0);
  const waits = texts.map((t, i) => {
    const uri = pathToFileURL(path.join(dir, `a${i}.bp.md`)).href;
    c.open(uri, t);
    return c.version(uri, 1);
  });
  await Promise.all(waits);
  const at = c.rss();
  await sleep(1000);
  const later = c.rss();
  await c.stop();
  const x = (r) => ((r - before.rss) / bytes).toFixed(2);
  console.log(`memory ${kind}: ${docs} articles of ${size >> 10} KiB (${(bytes / 2 ** 20).toFixed(1)} MiB): RSS +${((at.rss - before.rss) / 2 ** 20).toFixed(1)} MiB ` +
    `(${x(at.rss)}x the text) when the last diagnostics arrive, ${x(later.rss)}x a second later; peak RSS +${x(at.hwm)}x`);
  return { at: (at.rss - before.rss) / bytes, later: (later.rss - before.rss) / bytes, peak: (at.hwm - before.rss) / bytes };
}

async function main() {
  const which = process.argv.slice(2);
  const want = (w) => which.length === 0 || which.includes(w);
  const n = Number(process.env.BENCH_N || 0);
  const trials = Number(process.env.BENCH_TRIALS || 7);
  serverBinary();
  if (want('keystroke')) {
    const sizes = (process.env.BENCH_SIZES || '20KiB,20KiB+original,1MiB,1MiB+original').split(',');
    for (const name of sizes) {
      const size = name.startsWith('1MiB') ? 1 << 20 : 20 << 10;
      const a = article(size);
      const w = name.endsWith('+original') ? withOriginal(a) : { article: a };
      await keystrokes(name, w.article, w.original, n || (size > 20 << 10 ? 150 : 400));
    }
  }
  if (want('burst')) await burst(trials);
  if (want('memory')) {
    for (const kind of ['plain', 'own', 'shared']) await memory(kind);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
