import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findExecutable, INSTALL_COMMAND, notFoundMessage, searchDirs, type SearchEnv } from '../util/executable';

function posix(files: string[], env: Record<string, string> = {}, base?: string): SearchEnv {
  return { env, platform: 'linux', home: '/home/ed', base, isExecutable: (f) => files.includes(f) };
}

describe('findExecutable', () => {
  it('finds a bare name on PATH, first directory first', () => {
    const e = posix(['/usr/bin/bluepencil', '/opt/bin/bluepencil'], { PATH: '/opt/bin:/usr/bin' });
    assert.equal(findExecutable('bluepencil', e), '/opt/bin/bluepencil');
  });

  it('falls back to where go install puts binaries', () => {
    assert.equal(findExecutable('bluepencil', posix(['/home/ed/go/bin/bluepencil'], { PATH: '/usr/bin' })), '/home/ed/go/bin/bluepencil');
    assert.equal(findExecutable('bluepencil', posix(['/gb/bluepencil'], { PATH: '/usr/bin', GOBIN: '/gb' })), '/gb/bluepencil');
    assert.equal(
      findExecutable('bluepencil', posix(['/b/bin/bluepencil'], { GOPATH: '/a:/b' })),
      '/b/bin/bluepencil',
    );
  });

  it('uses bluepencil when the setting is empty', () => {
    assert.equal(findExecutable('  ', posix(['/usr/bin/bluepencil'], { PATH: '/usr/bin' })), '/usr/bin/bluepencil');
  });

  it('takes absolute, relative and ~ paths as they are', () => {
    assert.equal(findExecutable('/x/bp', posix(['/x/bp'])), '/x/bp');
    assert.equal(findExecutable('./bin/bp', posix(['/ws/bin/bp'], {}, '/ws')), '/ws/bin/bp');
    assert.equal(findExecutable('~/tools/bp', posix(['/home/ed/tools/bp'])), '/home/ed/tools/bp');
    // A path is never searched for on PATH.
    assert.equal(findExecutable('bin/bp', posix(['/usr/bin/bin/bp'], { PATH: '/usr/bin' }, '/ws')), undefined);
  });

  it('returns undefined when nothing is found', () => {
    assert.equal(findExecutable('bluepencil', posix([], { PATH: '/usr/bin' })), undefined);
    assert.equal(findExecutable('/nope/bluepencil', posix([])), undefined);
  });

  it('tries PATHEXT extensions on Windows, with a case-insensitive Path', () => {
    const e: SearchEnv = {
      env: { Path: 'C:\\Go\\bin;C:\\tools', PATHEXT: '.COM;.EXE' },
      platform: 'win32',
      home: 'C:\\Users\\ed',
      isExecutable: (f) => f === 'C:\\tools\\bluepencil.exe',
    };
    assert.equal(findExecutable('bluepencil', e), 'C:\\tools\\bluepencil.exe');
    assert.equal(findExecutable('bluepencil.exe', e), 'C:\\tools\\bluepencil.exe');
    assert.equal(findExecutable('C:\\tools\\bluepencil', e), 'C:\\tools\\bluepencil.exe');
  });

  it('lists each search directory once', () => {
    const dirs = searchDirs(posix([], { PATH: '/home/ed/go/bin:/usr/bin', GOPATH: '/home/ed/go' }));
    assert.deepEqual(dirs, ['/home/ed/go/bin', '/usr/bin']);
  });
});

describe('notFoundMessage', () => {
  it('names the executable and both install commands', () => {
    const m = notFoundMessage('bp-dev');
    assert.match(m, /"bp-dev"/);
    assert.ok(m.includes(INSTALL_COMMAND));
    assert.ok(m.includes('go install ./cmd/bluepencil'));
    assert.ok(m.includes('bluepencil.server.path'));
  });
});
