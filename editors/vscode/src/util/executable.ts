// Finding the bluepencil executable. Pure: the file system check and the
// environment are passed in, so that the search can be unit-tested.
import * as path from 'node:path';

/** The command that installs the server, as the error message shows it. */
export const INSTALL_COMMAND = 'go install github.com/bluepencil/bluepencil/cmd/bluepencil@latest';
/** The same from a checkout of the repository. */
export const INSTALL_FROM_CHECKOUT = 'go install ./cmd/bluepencil';

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

/**
 * Resolves the configured server path to an executable file, or undefined
 * when there is none. A bare name is searched for in searchDirs; a path with
 * a directory part is taken as it is, relative to e.base; a leading `~/` is
 * the home directory.
 */
export function findExecutable(configured: string, e: SearchEnv): string | undefined {
  const p = e.platform === 'win32' ? path.win32 : path.posix;
  let command = configured.trim() || 'bluepencil';
  if (command === '~' || command.startsWith('~/') || (e.platform === 'win32' && command.startsWith('~\\'))) {
    command = p.join(e.home, command.slice(1));
  }
  const hasDir = command.includes('/') || (e.platform === 'win32' && command.includes('\\'));
  if (p.isAbsolute(command) || hasDir) {
    const file = p.isAbsolute(command) ? command : p.resolve(e.base ?? p.sep, command);
    return candidates(file, e).find((f) => e.isExecutable(f));
  }
  for (const dir of searchDirs(e)) {
    const found = candidates(p.join(dir, command), e).find((f) => e.isExecutable(f));
    if (found !== undefined) {
      return found;
    }
  }
  return undefined;
}

/** The message shown when the executable cannot be found. */
export function notFoundMessage(configured: string): string {
  const name = configured.trim() || 'bluepencil';
  return (
    `Bluepencil: cannot find the language server "${name}". ` +
    `Install it with \`${INSTALL_COMMAND}\` (or \`${INSTALL_FROM_CHECKOUT}\` in a checkout of bluepencil), ` +
    'then make sure it is on your PATH, or set "bluepencil.server.path" to the executable.'
  );
}
