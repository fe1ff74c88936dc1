import { describe, expect, it } from 'vitest';
import { HostMessage, offersStatus, WebviewMessage } from './messages.ts';

describe('webview messages', () => {
  it('accepts what the page sends', () => {
    expect(WebviewMessage.parse({ type: 'toggleChecklist', entryId: 'c1', done: true })).toEqual({ type: 'toggleChecklist', entryId: 'c1', done: true });
    expect(WebviewMessage.parse({ type: 'addComment', body: '  hi  ' })).toEqual({ type: 'addComment', body: 'hi' });
    expect(WebviewMessage.parse({ type: 'command', command: 'startWork' }).type).toBe('command');
    // the status select sends a state's name; a status is still taken (the server resolves both)
    expect(WebviewMessage.parse({ type: 'setStatus', status: 'In review' })).toEqual({ type: 'setStatus', status: 'In review' });
    expect(WebviewMessage.parse({ type: 'setStatus', status: 'done' })).toEqual({ type: 'setStatus', status: 'done' });
  });

  it('acts on a status only when the item view offered that state, or names a status', () => {
    const detail = { states: [{ name: 'In progress', category: 'in_progress' as const, current: true }, { name: 'In review', category: 'in_progress' as const, current: false }] };
    expect(offersStatus(detail, 'In review')).toBe(true);
    expect(offersStatus(detail, 'wont_fix')).toBe(true);
    expect(offersStatus(detail, 'hacked')).toBe(false);
    expect(offersStatus(detail, 'in review')).toBe(false);
  });

  it('rejects unknown types, malformed statuses and commands, empty comments and malformed keys', () => {
    for (const bad of [
      { type: 'eval', code: 'x' },
      { type: 'setStatus', status: '' },
      { type: 'setStatus', status: 'x'.repeat(41) },
      { type: 'setStatus', status: 42 },
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
