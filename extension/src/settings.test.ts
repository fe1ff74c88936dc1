import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, parseSettings, serverLabel } from './settings.ts';

describe('parseSettings', () => {
  it('normalizes valid values', () => {
    const { settings, problems } = parseSettings({ serverUrl: ' https://baton.example.com/ ', product: 'bat', branchTemplate: '{user}/{key}' });
    expect(problems).toEqual([]);
    expect(settings).toMatchObject({ serverUrl: 'https://baton.example.com', product: 'BAT', branchTemplate: '{user}/{key}' });
  });

  it('keeps the default for each invalid value and names it', () => {
    const { settings, problems } = parseSettings({
      serverUrl: 'baton.example.com',
      product: 'not a key',
      refreshIntervalSeconds: 1,
      branchTemplate: '{type}/{title}',
      savedViews: [{ name: 'x' }],
    });
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(problems.map((p) => p.split(' ')[0])).toEqual([
      'baton.serverUrl',
      'baton.product',
      'baton.refreshIntervalSeconds',
      'baton.branchTemplate',
      'baton.savedViews',
    ]);
    expect(problems[3]).toContain('may only use {key}, {number}, {type}, {slug} and {user}');
  });
});

describe('serverLabel', () => {
  it('names a server by its host, and shows anything else as written', () => {
    expect(serverLabel('http://127.0.0.1:3000')).toBe('127.0.0.1:3000');
    expect(serverLabel('https://baton.example.com/')).toBe('baton.example.com');
    expect(serverLabel('baton.example.com')).toBe('baton.example.com');
  });
});
