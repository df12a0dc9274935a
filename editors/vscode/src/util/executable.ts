// Finding the bluepencil executable. Pure: the file system check and the
// environment are passed in, so that the search can be unit-tested.
import * as path from 'node:path';

/**
 * The command that installs the server, run in a checkout of the bluepencil
 * repository. The module is not published, so installing it by module path fails.
 */
export const INSTALL_COMMAND = 'go install ./cmd/bluepencil';

export interface SearchEnv {
  /** Environment variables (process.env). */
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  /** The user's home directory, for `~` and `~/go/bin`. */
  home: string;
  /** Where a relative path is taken from: the workspace folder, if any. */
  base?: string;
  /** Whether an executable file exists at this absolute path. */
  isExecutable: (file: string) => boolean;
}

function getEnv(env: SearchEnv['env'], name: string, platform: NodeJS.Platform): string | undefined {
  if (platform !== 'win32') {
    return env[name];
  }
  // Windows variable names are case-insensitive ("Path").
  const key = Object.keys(env).find((k) => k.toUpperCase() === name);
  return key === undefined ? undefined : env[key];
}

/**
 * The directories searched for a bare command name: PATH, then where
 * `go install` puts binaries ($GOBIN, each $GOPATH/bin, ~/go/bin), which an
 * editor started from a desktop menu often does not have on its PATH.
 */
export function searchDirs(e: SearchEnv): string[] {
  const p = e.platform === 'win32' ? path.win32 : path.posix;
  const list = (v: string | undefined) => (v ?? '').split(p.delimiter).filter((d) => d !== '');
  const dirs = list(getEnv(e.env, 'PATH', e.platform));
  const gobin = getEnv(e.env, 'GOBIN', e.platform);
  if (gobin) {
    dirs.push(gobin);
  }
  for (const gopath of list(getEnv(e.env, 'GOPATH', e.platform))) {
    dirs.push(p.join(gopath, 'bin'));
  }
  if (e.home) {
    dirs.push(p.join(e.home, 'go', 'bin'));
  }
  return [...new Set(dirs)];
}

function candidates(file: string, e: SearchEnv): string[] {
  if (e.platform !== 'win32') {
    return [file];
  }
  const exts = (getEnv(e.env, 'PATHEXT', e.platform) ?? '.COM;.EXE;.BAT;.CMD')
    .split(';')
    .filter((x) => x !== '');
  const ext = path.win32.extname(file).toUpperCase();
  if (ext !== '' && exts.some((x) => x.toUpperCase() === ext)) {
    return [file];
  }
  return exts.map((x) => file + x.toLowerCase());
}

/** The setting resolved: a path to take as it is, or a name to search for. */
type Target = { kind: 'path'; file: string | undefined } | { kind: 'name'; command: string };

function target(configured: string, e: SearchEnv): Target {
  const p = e.platform === 'win32' ? path.win32 : path.posix;
  let command = configured.trim() || 'bluepencil';
  if (command === '~' || command.startsWith('~/') || (e.platform === 'win32' && command.startsWith('~\\'))) {
    command = p.join(e.home, command.slice(1));
  }
  const hasDir = command.includes('/') || (e.platform === 'win32' && command.includes('\\'));
  if (p.isAbsolute(command)) {
    return { kind: 'path', file: command };
  }
  if (hasDir) {
    // A relative path needs a folder to start from; without one (no folder
    // open, or Restricted Mode) it names nothing.
    return { kind: 'path', file: e.base === undefined ? undefined : p.resolve(e.base, command) };
  }
  return { kind: 'name', command };
}

/**
 * Resolves the configured server path to an executable file, or undefined
 * when there is none. A bare name is searched for in searchDirs; a path with
 * a directory part is taken as it is, relative to e.base; a leading `~/` is
 * the home directory.
 */
export function findExecutable(configured: string, e: SearchEnv): string | undefined {
  const p = e.platform === 'win32' ? path.win32 : path.posix;
  const t = target(configured, e);
  if (t.kind === 'path') {
    return t.file === undefined ? undefined : candidates(t.file, e).find((f) => e.isExecutable(f));
  }
  for (const dir of searchDirs(e)) {
    const found = candidates(p.join(dir, t.command), e).find((f) => e.isExecutable(f));
    if (found !== undefined) {
      return found;
    }
  }
  return undefined;
}

/**
 * Why findExecutable found nothing. `exists` tells whether anything is at a
 * path; `untrusted` whether e.base was withheld because of Restricted Mode.
 */
export function explainNotFound(
  configured: string,
  e: SearchEnv & { exists: (file: string) => boolean; untrusted: boolean },
): NotFound {
  const t = target(configured, e);
  const nf: NotFound = { configured: configured.trim() || 'bluepencil' };
  if (t.kind === 'name') {
    return nf;
  }
  if (t.file === undefined) {
    return { ...nf, path: e.untrusted ? 'relative-untrusted' : 'missing' };
  }
  return { ...nf, path: candidates(t.file, e).some((f) => e.exists(f)) ? 'not-executable' : 'missing' };
}

/** What is wrong when findExecutable found nothing, for the message. */
export interface NotFound {
  /** The setting's value, or "bluepencil". */
  configured: string;
  /** For a path: "missing" when nothing is there, "not-executable" when a file or folder is there but cannot run. */
  path?: 'missing' | 'not-executable' | 'relative-untrusted';
}

/**
 * The message shown when the executable cannot be found. Notifications show
 * no Markdown, so it quotes with plain quotes. Install advice is given only
 * for a bare name: a configured path that does not exist is a typo or a
 * moved file, and the message says so.
 */
export function notFoundMessage(nf: NotFound): string {
  const name = nf.configured.trim() || 'bluepencil';
  switch (nf.path) {
    case 'missing':
      return `Bluepencil: the language server path "${name}" set in bluepencil.server.path does not exist.`;
    case 'not-executable':
      return `Bluepencil: the language server path "${name}" set in bluepencil.server.path is not an executable file.`;
    case 'relative-untrusted':
      return (
        `Bluepencil: the language server path "${name}" is relative to the workspace folder, ` +
        'which is not used in Restricted Mode. Trust the folder, or set bluepencil.server.path to an absolute path.'
      );
    case undefined:
      return (
        `Bluepencil: cannot find the language server "${name}" on PATH or where go install puts it. ` +
        `Install it from a checkout of bluepencil with "${INSTALL_COMMAND}", ` +
        'or set bluepencil.server.path to the executable. Bluepencil starts by itself once it is there.'
      );
  }
}
