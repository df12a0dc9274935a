import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explainNotFound, findExecutable, INSTALL_COMMAND, notFoundMessage, searchDirs, type SearchEnv } from '../util/executable';

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

describe('relative paths without a folder', () => {
  it('name nothing, rather than a file under /', () => {
    assert.equal(findExecutable('bin/bp', posix(['/bin/bp'])), undefined);
  });
});

describe('explainNotFound', () => {
  const files = ['/x/bp', '/home/ed/notes.txt'];
  const env = (untrusted: boolean, base: string | undefined) => ({
    ...posix([], { PATH: '/usr/bin' }, base),
    exists: (f: string) => files.includes(f),
    untrusted,
  });
  const cases: { name: string; configured: string; untrusted?: boolean; base?: string; want: ReturnType<typeof explainNotFound> }[] = [
    { name: 'a bare name: install advice', configured: 'bluepencil', want: { configured: 'bluepencil' } },
    { name: 'an empty setting is the default name', configured: ' ', want: { configured: 'bluepencil' } },
    { name: 'an absolute path that is not there', configured: '/opt/bp', want: { configured: '/opt/bp', path: 'missing' } },
    { name: 'a ~ path that is not there', configured: '~/bin/bp', want: { configured: '~/bin/bp', path: 'missing' } },
    { name: 'a file that cannot run', configured: '~/notes.txt', want: { configured: '~/notes.txt', path: 'not-executable' } },
    { name: 'a relative path in Restricted Mode', configured: 'bin/bp', untrusted: true, base: undefined, want: { configured: 'bin/bp', path: 'relative-untrusted' } },
    { name: 'a relative path with no folder open', configured: 'bin/bp', base: undefined, want: { configured: 'bin/bp', path: 'missing' } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(explainNotFound(c.configured, env(c.untrusted ?? false, 'base' in c ? c.base : '/ws')), c.want);
    });
  }
});

describe('notFoundMessage', () => {
  it('for a name: the install command from a checkout, the setting, no Markdown', () => {
    const m = notFoundMessage({ configured: 'bp-dev' });
    assert.match(m, /"bp-dev"/);
    assert.ok(m.includes('"go install ./cmd/bluepencil"'));
    assert.equal(INSTALL_COMMAND, 'go install ./cmd/bluepencil');
    assert.ok(m.includes('bluepencil.server.path'));
    assert.ok(!m.includes('`'), 'notifications show backticks literally');
    assert.ok(!m.includes('@latest'), 'the module is not published');
  });

  it('for a path: says it does not exist, without install advice', () => {
    const m = notFoundMessage({ configured: '/opt/bp', path: 'missing' });
    assert.match(m, /"\/opt\/bp" set in bluepencil.server.path does not exist/);
    assert.ok(!m.includes('go install'));
    assert.ok(!m.includes('`'));
    assert.match(notFoundMessage({ configured: '/etc/passwd', path: 'not-executable' }), /is not an executable file/);
    assert.match(notFoundMessage({ configured: 'bin/bp', path: 'relative-untrusted' }), /Restricted Mode/);
  });
});
