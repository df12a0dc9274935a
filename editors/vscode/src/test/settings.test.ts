import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { settingsCommand } from '../util/settings';

describe('settingsCommand', () => {
  const cases: { name: string; remote: string | undefined; want: { command: string; args: unknown[] } }[] = [
    { name: 'local window: User settings', remote: undefined, want: { command: 'workbench.action.openSettings', args: ['bluepencil.server.path'] } },
    { name: 'empty remote name: local', remote: '', want: { command: 'workbench.action.openSettings', args: ['bluepencil.server.path'] } },
    {
      name: 'code-server, SSH, containers: the Remote tab',
      remote: 'ssh-remote',
      want: { command: 'workbench.action.openRemoteSettings', args: [{ query: 'bluepencil.server.path' }] },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(settingsCommand(c.remote, 'bluepencil.server.path'), c.want);
    });
  }
});
