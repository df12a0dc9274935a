// Which settings tab shows bluepencil.server.path. Pure, for unit tests.

/**
 * The command that opens the settings editor on `query`. The setting is
 * machine-scoped: in a remote window (code-server, Remote-SSH, containers,
 * WSL) it is listed only under the Remote tab, and the User tab that
 * workbench.action.openSettings opens shows nothing for it.
 */
export function settingsCommand(remoteName: string | undefined, query: string): { command: string; args: unknown[] } {
  if (remoteName !== undefined && remoteName !== '') {
    return { command: 'workbench.action.openRemoteSettings', args: [{ query }] };
  }
  return { command: 'workbench.action.openSettings', args: [query] };
}
