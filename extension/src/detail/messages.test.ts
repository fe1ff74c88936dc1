import { describe, expect, it } from 'vitest';
import { HostMessage, WebviewMessage } from './messages.ts';

describe('webview messages', () => {
  it('accepts what the page sends', () => {
    expect(WebviewMessage.parse({ type: 'toggleChecklist', entryId: 'c1', done: true })).toEqual({ type: 'toggleChecklist', entryId: 'c1', done: true });
    expect(WebviewMessage.parse({ type: 'addComment', body: '  hi  ' })).toEqual({ type: 'addComment', body: 'hi' });
    expect(WebviewMessage.parse({ type: 'command', command: 'startWork' }).type).toBe('command');
  });

  it('rejects unknown types, unknown statuses and commands, empty comments and malformed keys', () => {
    for (const bad of [
      { type: 'eval', code: 'x' },
      { type: 'setStatus', status: 'hacked' },
      { type: 'command', command: 'workbench.action.terminal.new' },
      { type: 'addComment', body: '   ' },
      { type: 'openItem', key: 'BAT-1; rm -rf' },
      { type: 'toggleChecklist', entryId: 'c1', done: 'yes' },
      null,
      'ready',
    ])
      expect(WebviewMessage.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });

  it('checks what the host sends', () => {
    expect(HostMessage.safeParse({ type: 'busy', busy: true }).success).toBe(true);
    expect(HostMessage.safeParse({ type: 'item', item: { key: 'BAT-1' } }).success).toBe(false);
  });
});
