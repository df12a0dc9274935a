// VS Code for real: code-server (VS Code 1.139 in a browser) with the .vsix
// that editors/vscode/ci.sh packaged, driven in headless Chromium by
// playwright-core as a new user would: a folder opened for the first time
// (Restricted Mode), the README's install (go install into ~/go/bin), the
// keys, menus and panels a person uses. Prints "PASS name" / "FAIL name: why"
// per check and "N passed, M failed" last. run.sh sets the environment.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const env = (name) => {
  const v = process.env[name];
  if (!v) {
    throw new Error(`${name} is not set (run e2e/vscode/run.sh)`);
  }
  return v;
};
const CODE_SERVER = env('BP_CODE_SERVER'); // .../node_modules/code-server
const PLAYWRIGHT = env('BP_PLAYWRIGHT'); // .../node_modules/playwright-core
const VSIX = env('BP_VSIX');
const BLUEPENCIL = env('BP_BIN'); // built by `go install ./cmd/bluepencil`
const ARTIFACTS = env('BP_ARTIFACTS');
const WORK = env('BP_WORK'); // a fresh temporary folder
const CHROMIUM = process.env.BP_CHROMIUM || '/usr/bin/chromium';
const { chromium } = require(PLAYWRIGHT);

let passed = 0;
let failed = 0;
function pass(name) {
  passed++;
  console.log(`PASS ${name}`);
}
function fail(name, why) {
  failed++;
  console.log(`FAIL ${name}: ${String(why).replace(/\s+/g, ' ').slice(0, 600)}`);
}
function check(name, ok, why) {
  if (ok) {
    pass(name);
  } else {
    fail(name, why);
  }
}

/** Waits for fn() to return a truthy value, polling; throws with `what` after ms. */
async function until(what, fn, ms = 20000, every = 200) {
  const end = Date.now() + ms;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) {
        return last;
      }
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) {
      throw new Error(`timed out after ${ms} ms waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    }
    await new Promise((r) => setTimeout(r, every));
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------- articles
// Invented, short. ferry.bp.md matches its original word for word outside
// its marks; problems.bp.md has three problems, one on a line with an emoji
// and an astral letter before it.
const FERRY = `---
title: Harbour ferry adds a second sailing
original: ferry.original.txt
---
The island ferry will sail {--twice--} daily from May{++ onwards++}, the operator said.

Tickets cost £4, and the captain said “demand is {~~strong~>very strong~~}” this year.

Sea conditions were calmer by noon on the first trial run.
`;
const FERRY_ORIGINAL = `The island ferry will sail twice daily from May, the operator said.

Tickets cost £4, and the captain said “demand is strong” this year.

Sea conditions were calmer by noon on the first trial run.
`;
const PROBLEMS = `---
title: Notes from the quay
---
Gulls 😀 and 𐐀 crowd the pier [...] at dawn.

The nets were {~~mended~>mended~~} before the storm.

Boats {++++}left early.
`;

// ---------------------------------------------------------------- code-server
class CodeServer {
  constructor(name, settings) {
    this.dir = path.join(WORK, name);
    this.home = path.join(this.dir, 'home');
    this.userData = path.join(this.dir, 'user-data');
    this.extensions = path.join(this.dir, 'extensions');
    this.folder = path.join(this.dir, 'articles');
    for (const d of [this.home, path.join(this.userData, 'User'), this.extensions, this.folder]) {
      fs.mkdirSync(d, { recursive: true });
    }
    this.writeSettings(settings);
    fs.writeFileSync(path.join(this.folder, 'ferry.bp.md'), FERRY);
    fs.writeFileSync(path.join(this.folder, 'ferry.original.txt'), FERRY_ORIGINAL);
    fs.writeFileSync(path.join(this.folder, 'problems.bp.md'), PROBLEMS);
    this.log = path.join(ARTIFACTS, `code-server-${name}.log`);
  }

  writeSettings(s) {
    const base = {
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'chat.disableAIFeatures': true,
      'telemetry.telemetryLevel': 'off',
      'extensions.autoCheckUpdates': false,
      'extensions.ignoreRecommendations': true,
      'editor.minimap.enabled': false,
      'security.workspace.trust.startupPrompt': 'never',
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
    };
    fs.writeFileSync(path.join(this.userData, 'User', 'settings.json'), JSON.stringify({ ...base, ...s }, null, 2));
  }

  /**
   * Writes the Remote settings (code-server's Machine/settings.json): in a
   * remote window VS Code takes machine-scoped settings such as
   * bluepencil.server.path only from there, never from the User tab.
   */
  writeRemoteSettings(s) {
    fs.mkdirSync(path.join(this.userData, 'Machine'), { recursive: true });
    fs.writeFileSync(path.join(this.userData, 'Machine', 'settings.json'), JSON.stringify(s, null, 2));
  }

  /** Installs the go-installed binary where `go install` puts it: ~/go/bin. */
  installBluepencil() {
    const bin = path.join(this.home, 'go', 'bin');
    fs.mkdirSync(bin, { recursive: true });
    fs.copyFileSync(BLUEPENCIL, path.join(bin, 'bluepencil'));
    fs.chmodSync(path.join(bin, 'bluepencil'), 0o755);
  }

  env() {
    // A new user's environment: their own HOME, no GOBIN/GOPATH set, and a
    // PATH without ~/go/bin (VS Code's server takes PATH from a login shell).
    const e = { ...process.env, HOME: this.home, PATH: `${path.dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin` };
    delete e.GOBIN;
    delete e.GOPATH;
    delete e.VSCODE_IPC_HOOK_CLI;
    return e;
  }

  run(args, log) {
    const entry = path.join(CODE_SERVER, 'out', 'node', 'entry.js');
    return spawn(process.execPath, [entry, '--user-data-dir', this.userData, '--extensions-dir', this.extensions, ...args], {
      env: this.env(),
      stdio: ['ignore', log, log],
      detached: true,
    });
  }

  async installExtension() {
    const fd = fs.openSync(this.log, 'a');
    const p = this.run(['--install-extension', VSIX], fd);
    const code = await new Promise((r) => p.on('exit', r));
    fs.closeSync(fd);
    if (code !== 0) {
      throw new Error(`code-server --install-extension exited ${code}; see ${this.log}`);
    }
  }

  async start() {
    this.port = await freePort();
    const fd = fs.openSync(this.log, 'a');
    this.proc = this.run(
      ['--bind-addr', `127.0.0.1:${this.port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
        '--disable-getting-started-override'],
      fd,
    );
    fs.closeSync(fd);
    await until('code-server to listen', () => fs.readFileSync(this.log, 'utf8').includes('HTTP server listening'), 60000);
  }

  stop() {
    if (this.proc && this.proc.exitCode === null) {
      try {
        process.kill(-this.proc.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  }

  /** The text of every "Bluepencil" output channel log VS Code wrote. */
  outputLogs() {
    const out = [];
    const walk = (d) => {
      for (const e of fs.existsSync(d) ? fs.readdirSync(d, { withFileTypes: true }) : []) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) {
          walk(p);
        } else if (/Bluepencil\.log$/.test(e.name)) {
          out.push(fs.readFileSync(p, 'utf8'));
        }
      }
    };
    walk(path.join(this.userData, 'logs'));
    return out.join('\n');
  }
}

// ---------------------------------------------------------------- the page
class Workbench {
  constructor(page, cs) {
    this.page = page;
    this.cs = cs;
    this.shots = 0;
  }

  async open() {
    await this.page.goto(`http://127.0.0.1:${this.cs.port}/?folder=${encodeURIComponent(this.cs.folder)}`);
    await this.page.waitForSelector('.monaco-workbench .part.statusbar', { timeout: 90000 });
    await until('the explorer to list the articles', () => this.page.getByText('ferry.bp.md').first().isVisible(), 60000);
  }

  async shot(name) {
    const file = path.join(ARTIFACTS, `${name}.png`);
    await this.page.screenshot({ path: file }).catch(() => undefined);
    return file;
  }

  async command(label) {
    // No Escape first: in the editor it would drop the selection.
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${label}`);
    const row = this.page.locator('.quick-input-list .monaco-list-row.focused', { hasText: label }).first();
    await row.waitFor({ state: 'visible', timeout: 10000 });
    const text = (await row.innerText()).split('\n')[0];
    if (text.trim() !== label) {
      throw new Error(`the command palette offers ${JSON.stringify(text)} first, not ${JSON.stringify(label)}`);
    }
    await this.page.keyboard.press('Enter');
  }

  async openFile(name) {
    // Quick Open, retried: right after start-up its file index can still be empty.
    await until(`Quick Open to offer ${name}`, async () => {
      await this.page.keyboard.press('Escape');
      await this.page.keyboard.press('Control+P');
      const input = this.page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible' });
      await input.fill(name);
      // Enter only once the focused (first) result is the file, not a recent one.
      await this.page.locator('.quick-input-list .monaco-list-row.focused', { hasText: name }).first().waitFor({ timeout: 5000 });
      await this.page.keyboard.press('Enter');
      return true;
    }, 30000);
    await until(`${name} to be the active editor`, async () => (await this.page.title()).startsWith(name));
    await this.page.locator('.monaco-editor .view-lines').first().waitFor();
  }

  async goto(line, col) {
    // Quick Open's ":" is Go to Line (code-server's Ctrl+G opens a file search).
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`:${line}:${col}`);
    await this.page.waitForTimeout(150);
    await this.page.keyboard.press('Enter');
    await until('the cursor to move', async () => (await this.status('status.editor.selection')).startsWith(`Ln ${line}, Col ${col}`));
  }

  /** Selects `n` characters from line:col with Shift+Right, as a person would. */
  async select(line, col, n) {
    await this.goto(line, col);
    for (let i = 0; i < n; i++) {
      await this.page.keyboard.press('Shift+ArrowRight');
    }
  }

  async status(id) {
    return (await this.page.locator(`[id="${id}"]`).first().innerText().catch(() => '')).trim();
  }

  async save() {
    await this.page.keyboard.press('Control+S');
    await this.page.waitForTimeout(300);
  }

  file(name) {
    return fs.readFileSync(path.join(this.cs.folder, name), 'utf8');
  }

  async notifications() {
    return this.page.locator('.notifications-toasts .notification-toast, .notifications-center .notification-list-item').allInnerTexts();
  }
}

// ---------------------------------------------------------------- the checks
async function mainSession(browser) {
  const cs = new CodeServer('main', { 'workbench.colorTheme': 'Default Dark Modern', 'bluepencil.trace.server': process.env.BP_TRACE || 'off' });
  cs.installBluepencil();
  await cs.installExtension();
  pass('code-server --install-extension installs the packaged .vsix');
  await cs.start();
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  const wb = new Workbench(page, cs);
  const step = async (name, fn) => {
    try {
      await fn();
    } catch (e) {
      fail(name, e instanceof Error ? e.message : e);
      await wb.shot(`fail-${name}`);
      // Close what the failed step left open, so the next step starts clean.
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
    }
  };
  try {
    await wb.open();
    await step('restricted-mode', async () => {
      const label = await until('the Restricted Mode indicator', () => wb.status('status.workspaceTrust'), 30000);
      check('restricted-mode: a new folder opens in Restricted Mode', /Restricted/i.test(label), `status bar says ${JSON.stringify(label)}`);
    });

    await wb.openFile('problems.bp.md');
    await step('language-mode', async () => {
      const mode = await until('the language mode', async () => {
        const m = await wb.status('status.editor.mode');
        return m === 'Plain Text' ? '' : m;
      });
      check('language-mode: *.bp.md opens as Bluepencil', mode === 'Bluepencil', `language mode ${JSON.stringify(mode)}`);
    });

    await step('problems', async () => {
      await page.keyboard.press('Control+Shift+M');
      const rows = page.locator('.markers-panel .monaco-list-row');
      const texts = await until('three problems in the Problems panel', async () => {
        const t = await rows.allInnerTexts();
        return t.filter((x) => /\[Ln \d+, Col \d+\]/.test(x)).length >= 3 ? t : false;
      }, 30000);
      const want = [
        ['untracked-elision', 4, 32],
        ['no-op-substitution', 6, 15],
        ['empty-mark', 8, 7],
      ];
      for (const [code, line, col] of want) {
        const row = texts.find((t) => t.includes(code));
        check(
          `problems: ${code} listed with its code at Ln ${line}, Col ${col}`,
          row !== undefined && row.includes(`[Ln ${line}, Col ${col}]`),
          `rows: ${JSON.stringify(texts)}`,
        );
      }
      await wb.shot('problems');
    });

    await step('unicode-highlight', async () => {
      await wb.openFile('ferry.bp.md');
      await page.waitForTimeout(1000);
      const boxes = await page.locator('.monaco-editor .unicode-highlight').count();
      check('restricted-mode: £ and curly quotes are not boxed', boxes === 0, `${boxes} characters boxed`);
    });

    await step('colours', async () => {
      const token = async (text) =>
        until(`the token "${text}"`, () =>
          page.evaluate((t) => {
            for (const s of document.querySelectorAll('.monaco-editor .view-line span span')) {
              if ((s.textContent || '').replace(/\u00a0/g, ' ').trim() === t) {
                const cs = getComputedStyle(s);
                return { color: cs.color, decoration: cs.textDecorationLine };
              }
            }
            return null;
          }, text),
        );
      const added = await token('onwards');
      check('colours: additions are blue', added.color === 'rgb(59, 130, 246)', JSON.stringify(added));
      const cut = await token('twice');
      check('colours: cut words are struck through', /line-through/.test(cut.decoration), JSON.stringify(cut));
      await wb.shot('colours');
    });

    await step('hover', async () => {
      const twice = page.locator('.monaco-editor .view-line span span', { hasText: /^twice$/ }).first();
      await twice.hover();
      const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content, .monaco-hover-content').first();
      const text = await until('a hover', async () => (await hover.isVisible()) && (await hover.innerText()), 15000);
      check('hover: pointing at a cut shows the cut words', /twice/.test(text), JSON.stringify(text));
      await wb.shot('hover');
      await page.mouse.move(5, 5);
      await page.keyboard.press('Escape');
    });

    await step('go-to-original', async () => {
      await wb.goto(9, 22);
      await page.keyboard.press('F12');
      await until('ferry.original.txt to open', async () => (await page.title()).startsWith('ferry.original.txt'), 15000);
      const pos = await wb.status('status.editor.selection');
      check('go-to-original: F12 opens the original at the same words', pos.startsWith('Ln 5, Col 22'), `cursor at ${pos}`);
      await wb.shot('original');
    });

    await step('elide', async () => {
      await wb.openFile('ferry.bp.md');
      await wb.select(9, 21, 6); // "calmer"
      await page.keyboard.press('Control+Alt+Shift+E');
      await until('{--calmer--}', async () => {
        await wb.save();
        return wb.file('ferry.bp.md').includes('were {--calmer--} by noon');
      }, 15000);
      const sel = await wb.status('status.editor.selection');
      check('elide: Ctrl+Alt+Shift+E makes {--calmer--} and selects the whole mark', /\(12 selected\)/.test(sel) && sel.startsWith('Ln 9, Col 33'), `selection: ${sel}`);
      await wb.shot('elide');
    });

    await step('context-menu', async () => {
      await wb.select(9, 34, 2); // "by", now after {--calmer--}
      // Right-click on the selected words, as a person would.
      const box = await until('the selection drawn', async () => {
        const b = await page.locator('.monaco-editor .selected-text').first().boundingBox();
        return b && b.width > 4 ? b : false;
      });
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2, { button: 'right' });
      const item = page.locator('.monaco-menu .action-label', { hasText: 'Mark as Addition' }).first();
      await item.waitFor({ state: 'visible', timeout: 10000 });
      const labels = await page.locator('.monaco-menu .action-label').allInnerTexts();
      check(
        'context-menu: the three marking commands are offered on a selection',
        ['Elide Selection', 'Mark as Addition', 'Mark as Modification'].every((l) => labels.includes(l)),
        JSON.stringify(labels),
      );
      await wb.shot('context-menu');
      await item.click();
      await until('{++by++}', async () => {
        await wb.save();
        return wb.file('ferry.bp.md').includes('{--calmer--} {++by++} noon');
      }, 15000);
      const sel = await wb.status('status.editor.selection');
      check('addition: Mark as Addition makes {++by++} and selects the whole mark', /\(8 selected\)/.test(sel) && sel.startsWith('Ln 9, Col 42'), `selection: ${sel}`);
    });

    await step('modification', async () => {
      await wb.select(9, 43, 4); // "noon"
      await wb.command('Bluepencil: Mark as Modification');
      await until('{~~noon~>noon~~}', async () => {
        await wb.save();
        return wb.file('ferry.bp.md').includes('{~~noon~>noon~~}');
      }, 15000);
      await page.keyboard.type('midday');
      await until('the new side typed over', async () => {
        await wb.save();
        return wb.file('ferry.bp.md').includes('{~~noon~>midday~~}');
      }, 15000);
      pass('modification: Mark as Modification selects the new side, typing replaces it');
    });

    await step('quick-fix', async () => {
      await wb.openFile('problems.bp.md');
      await wb.goto(6, 17);
      await page.keyboard.press('Control+.');
      const menu = page.locator('.action-widget .monaco-list-row');
      await menu.first().waitFor({ state: 'visible', timeout: 15000 });
      const titles = await menu.allInnerTexts();
      await wb.shot('quick-fix');
      const i = titles.findIndex((t) => /Unwrap to plain text/.test(t));
      if (i < 0) {
        throw new Error(`no fix for no-op-substitution among ${JSON.stringify(titles)}`);
      }
      await menu.nth(i).click();
      await until('the no-op substitution fixed', async () => {
        await wb.save();
        return !wb.file('problems.bp.md').includes('{~~mended~>mended~~}');
      }, 15000);
      pass(`quick-fix: Ctrl+. offers and applies "${titles[i].split('\n')[0]}"`);
    });

    await step('fix-all', async () => {
      // As a person would: once the Problems panel shows the quick fix took.
      await until('the no-op substitution gone from the Problems panel', async () =>
        !(await page.locator('.markers-panel .monaco-list-row').allInnerTexts()).some((t) => t.includes('no-op-substitution')), 15000);
      let tries = 0;
      await until('the empty mark removed by Fix All', async () => {
        tries++;
        await wb.command('Fix All');
        await page.waitForTimeout(1500);
        await wb.save();
        return !wb.file('problems.bp.md').includes('{++++}');
      }, 20000, 0);
      pass(`fix-all: Fix All removes the empty mark${tries > 1 ? ` (on try ${tries})` : ''}`);
    });

    await step('preview', async () => {
      await wb.openFile('ferry.bp.md');
      await page.keyboard.press('Control+K');
      await page.keyboard.press('V');
      await until('the preview tab', () => page.locator('.tab', { hasText: 'Published: ferry.bp.md' }).first().isVisible(), 20000);
      const frame = await until('the rendered article in the webview', async () => {
        for (const f of page.frames()) {
          const ok = await f.evaluate(() => !!document.querySelector('article.bp-published')).catch(() => false);
          if (ok) {
            return f;
          }
        }
        return false;
      }, 30000);
      const look = await frame.evaluate(() => {
        const b = getComputedStyle(document.querySelector('.bp-page') || document.body);
        const ins = document.querySelector('ins.bp-added');
        // The words a sighted reader sees: the page's screen-reader text
        // ("[added by the publisher]") is laid out, clipped, so innerText
        // has it; left out here, as the eye leaves it out.
        const seen = document.body.cloneNode(true);
        seen.querySelectorAll('.bp-sr').forEach((e) => e.remove());
        document.body.appendChild(seen);
        seen.style.cssText = 'position:absolute;left:-10000px';
        const text = seen.innerText;
        seen.remove();
        const ia = ins ? getComputedStyle(ins) : {};
        return { bg: b.backgroundColor, fg: b.color, addedBg: ia.backgroundColor, addedFg: ia.color, cls: document.body.className, added: ins?.textContent, text };
      });
      check('preview: Ctrl+K V shows the published article (cuts as [...], additions kept)',
        /\[\.\.\.\] daily from May onwards/.test(look.text.replace(/\s+/g, ' ')), look.text.slice(0, 300));
      const dark = (rgb) => {
        const m = /rgba?\((\d+), (\d+), (\d+)/.exec(rgb);
        return m && Number(m[1]) + Number(m[2]) + Number(m[3]) < 3 * 90;
      };
      check('preview: dark theme, dark page with light text', dark(look.bg) && !dark(look.fg), JSON.stringify(look).slice(0, 300));
      check('preview: dark theme, light additions on dark blue', look.addedBg === 'rgb(30, 58, 138)' && look.addedFg === 'rgb(219, 234, 254)', JSON.stringify(look).slice(0, 300));
      await wb.shot('preview');
    });

    await step('output', async () => {
      await wb.command('Bluepencil: Restart Language Server');
      await page.waitForTimeout(1500);
      await wb.openFile('problems.bp.md');
      await until('diagnostics back after the restart', async () => (await page.locator('.markers-panel .monaco-list-row').count()) >= 1, 20000);
      await wb.command('Bluepencil: Restart Language Server');
      await page.waitForTimeout(3000);
      const log = cs.outputLogs();
      if (process.env.BP_TRACE) fs.writeFileSync(path.join(ARTIFACTS, 'bluepencil-output.log'), log);
      // A request VS Code sends to the old client just as a restart stops
      // it (a code action for the cursor, a hover) fails inside
      // vscode-languageclient with "Starting server failed" or "Client is
      // not running", and the client logs that as an error: the client's
      // race, not the server's, and it came once in a few runs. Every
      // other error entry fails the check.
      const entries = log.split(/\n(?=\[(?:Trace|Info|Warn|Error) - )/);
      const restartRace = (e) => /^\[Error - [^\]]*\] Request \S+ failed\./.test(e) &&
        /Starting server failed|Client is not running|Pending response rejected since connection got disposed/.test(e);
      const errors = entries.filter((e) => /^\[Error/.test(e) && !restartRace(e));
      check('output: restarts log no "[Error]" (no "Server process exited with code 0")', errors.length === 0,
        errors.map((e) => e.split('\n')[0]).join(' | ') || (log ? 'no error entry' : 'no Bluepencil output log found'));
    });

    // The screenshot the README shows: the article as it was, its preview, and
    // the Problems panel. VS Code reloads the saved file it shows.
    fs.writeFileSync(path.join(cs.folder, 'ferry.bp.md'), FERRY);
    await wb.openFile('ferry.bp.md');
    await until('the article reloaded', async () => (await page.locator('.monaco-editor .view-lines').first().innerText()).includes('calmer by noon'), 10000)
      .catch(() => undefined);
    await wb.save(); // the preview refreshes on save
    await page.waitForTimeout(2000);
    await wb.shot('vscode');
  } finally {
    await wb.shot('end-main');
    await page.close();
    cs.stop();
  }
}

async function notFoundSession(browser) {
  const cs = new CodeServer('notfound', {});
  await cs.installExtension();
  await cs.start();
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  const wb = new Workbench(page, cs);
  try {
    await wb.open();
    await wb.openFile('problems.bp.md');
    const toast = async (re) =>
      until(`a notification matching ${re}`, async () => (await wb.notifications()).find((t) => re.test(t)), 30000);
    try {
      const msg = await toast(/cannot find the language server/);
      await wb.shot('notfound-name');
      check('not-found: says what to do, from a checkout, without literal backticks',
        msg.includes('go install ./cmd/bluepencil') && !msg.includes('`') && !msg.includes('@latest'), JSON.stringify(msg));
    } catch (e) {
      fail('not-found: the message for a missing server', e.message);
    }
    try {
      cs.installBluepencil();
      const t0 = Date.now();
      await until('diagnostics once bluepencil is installed', async () => {
        const items = await page.locator('[id="status.problems"]').innerText().catch(() => '');
        return /[1-9]/.test(items);
      }, 30000);
      pass(`not-found: installing into ~/go/bin is enough, the server starts by itself (${Date.now() - t0} ms)`);
    } catch (e) {
      fail('not-found: the server starts once installed', e.message);
      await wb.shot('fail-notfound-retry');
    }
    try {
      cs.writeRemoteSettings({ 'bluepencil.server.path': '/opt/nowhere/bluepencil' });
      const msg = await toast(/does not exist/);
      check('not-found: a configured path that does not exist is named as such, without install advice',
        msg.includes('/opt/nowhere/bluepencil') && !msg.includes('go install'), JSON.stringify(msg));
      const button = page.locator('.notification-toast', { hasText: 'does not exist' }).getByRole('button', { name: 'Open Settings' }).first();
      await button.click();
      const tab = await until('the settings editor', async () => {
        const t = await page.locator('.settings-tabs-widget .action-item .action-label.checked').first().innerText().catch(() => '');
        return t.trim();
      }, 20000);
      const shown = await until('the setting in the settings editor', async () =>
        page.locator('.settings-editor .setting-item-contents', { hasText: 'Server: Path' }).first().isVisible(), 20000).catch(() => false);
      await wb.shot('notfound-settings');
      check('not-found: Open Settings opens the Remote tab, which lists bluepencil.server.path', /Remote/.test(tab) && shown, `tab ${JSON.stringify(tab)}, setting shown: ${shown}`);
    } catch (e) {
      fail('not-found: a configured path that does not exist', e.message);
      await wb.shot('fail-notfound-path');
    }
  } finally {
    await wb.shot('end-notfound');
    await page.close();
    cs.stop();
  }
}

(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  const only = process.env.BP_ONLY;
  try {
    for (const [name, fn] of [['main', mainSession], ['notfound', notFoundSession]]) {
      if (only && only !== name) {
        continue;
      }
      const t0 = Date.now();
      try {
        await fn(browser);
      } catch (e) {
        fail(`session ${name}`, e instanceof Error ? e.stack : e);
      }
      console.error(`vscode e2e: session ${name} took ${Math.round((Date.now() - t0) / 1000)} s`);
    }
  } finally {
    await browser.close();
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
})().catch((e) => {
  console.log(`FAIL vscode: ${e instanceof Error ? e.stack : e}`);
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1);
});
