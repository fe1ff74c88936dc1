import { spawn } from 'node:child_process';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createApiKey, createItem } from '@baton/core';
import type { Db } from '@baton/db';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildProduct } from '../support/builders.ts';
import { baton, userConfig, useCliServer } from '../support/cli.ts';

// The `baton` command as a subprocess against a server started here on a random port: what a person or an agent
// sees on stdout/stderr, the exit codes, and the files it writes.

const cli = useCliServer();
const { tempDir, workspace } = cli;
let url: string;
let db: Db;
beforeAll(() => {
  ({ url, db } = cli);
});

describe('reading items', () => {
  it('lists items as an aligned table without colour when stdout is not a terminal, and as JSON', async () => {
    const w = await workspace();
    const a = await createItem(w.ctx, { productId: w.product.id, type: 'bug', title: 'Login fails', priority: 'high' });
    const b = await createItem(w.ctx, { productId: w.product.id, type: 'feature', title: 'Dark mode' });

    const table = await w.run(['list']);
    expect(table).toMatchObject({ code: 0, stderr: '' });
    expect(table.stdout.includes('\u001b')).toBe(false);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^KEY +TYPE +STATUS +PRIORITY +ASSIGNEE +TITLE$/);
    // the STATUS column names the item's workflow state (the category's default state here: Open)
    expect(lines.slice(1).map((l) => l.split(/ {2,}/))).toEqual([
      [b.key, 'feature', 'Open', 'medium', '-', 'Dark mode'],
      [a.key, 'bug', 'Open', 'high', '-', 'Login fails'],
    ]);
    // aligned: every row's title starts where the header's does
    const at = lines[0]!.indexOf('TITLE');
    for (const l of lines.slice(1)) expect(l.slice(at)).toMatch(/^(Dark mode|Login fails)$/);

    const page = await w.json<{ items: { key: string; createdAt: string }[]; nextCursor: string | null }>(['list']);
    expect(page.items.map((i) => i.key)).toEqual([b.key, a.key]);
    expect(page.nextCursor).toBeNull();
    expect(new Date(page.items[0]!.createdAt).getTime()).not.toBeNaN();
  });

  it('searches with the query language, and filters with flags', async () => {
    const w = await workspace();
    const bug = await createItem(w.ctx, { productId: w.product.id, type: 'bug', title: 'Crash on save' });
    await createItem(w.ctx, { productId: w.product.id, type: 'task', title: 'Write docs' });
    const keys = async (args: string[]) => (await w.json<{ items: { key: string }[] }>(args)).items.map((i) => i.key);
    expect(await keys(['list', 'type:bug', 'is:open'])).toEqual([bug.key]);
    expect(await keys(['list', '--type', 'bug'])).toEqual([bug.key]);
    expect(await keys(['list', '--status', 'done,closed'])).toEqual([]);
    const empty = await w.run(['list', '--status', 'done']);
    expect(empty.stdout).toBe('No items.\n');
    const bad = await w.run(['list', 'colour:red']);
    expect(bad).toMatchObject({ code: 1, stdout: '' });
    expect(bad.stderr).toMatch(/^error BAD_QUERY: /);
  });

  it('shows one item with a numbered checklist; by key, the product comes from the key', async () => {
    const w = await workspace();
    const item = await createItem(w.ctx, {
      productId: w.product.id,
      type: 'task',
      title: 'Ship the CLI',
      description: 'Make it **good**.\nSecond line.',
      labels: ['cli'],
      checklist: ['Parser', 'Tests'],
    });
    const shown = await w.run(['show', item.key.toLowerCase()], { env: { BATON_PRODUCT: undefined } });
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`${item.key}  Ship the CLI\ntask · Open · medium · unassigned · labels: cli\n`);
    expect(shown.stdout).toContain('Make it **good**.\nSecond line.\n\nChecklist (0/2)\n   1. [ ] Parser\n   2. [ ] Tests\n');
    const json = await w.json<{ item: { id: string }; checklist: { text: string }[] }>(['show', item.key]);
    expect(json.item.id).toBe(item.id);
    expect(json.checklist.map((e) => e.text)).toEqual(['Parser', 'Tests']);
  });
});

describe('writing items', () => {
  it('creates, comments and ticks checklist entries', async () => {
    const w = await workspace();
    const created = await w.json<{ key: string; id: string; labels: { name: string }[]; type: string; priority: string }>([
      'create',
      '--type',
      'bug',
      '--title',
      'Flaky upload',
      '--label',
      'upload,ci',
      '--priority',
      'high',
    ]);
    expect(created).toMatchObject({ type: 'bug', priority: 'high' });
    expect(created.labels.map((l) => l.name).sort()).toEqual(['ci', 'upload']);
    expect((await w.run(['create', '--type', 'task', '--title', 'Plain'])).stdout).toMatch(/^Created [A-Z0-9]+-\d+\.\n$/);

    const commented = await w.run(['comment', created.key, 'Seen', 'again', 'on', 'main']);
    expect(commented).toMatchObject({ code: 0, stdout: `Commented on ${created.key}.\n` });
    const comments = await w.client.items.comments.list.query({ productId: w.product.id, ref: created.key });
    expect(comments.items.map((c) => c.body)).toEqual(['Seen again on main']);

    await w.client.items.checklist.add.mutate({ productId: w.product.id, ref: created.key, text: 'Reproduce' });
    await w.client.items.checklist.add.mutate({ productId: w.product.id, ref: created.key, text: 'Fix the retry' });
    expect(await w.run(['check', created.key, '2'])).toMatchObject({ code: 0, stdout: `Checked "Fix the retry" on ${created.key}.\n` });
    expect((await w.run(['check', created.key, 'reproduce'])).code).toBe(0);
    expect((await w.run(['check', created.key, 'retry', '--uncheck'])).code).toBe(0);
    const entries = await w.client.items.checklist.list.query({ productId: w.product.id, ref: created.key });
    expect(entries.map((e) => [e.text, e.done])).toEqual([
      ['Reproduce', true],
      ['Fix the retry', false],
    ]);
  });

  it('answers usage errors with exit code 2 and domain errors with exit code 1', async () => {
    const w = await workspace();
    const noTitle = await w.run(['create', '--type', 'bug']);
    expect(noTitle).toMatchObject({ code: 2, stdout: '' });
    expect(noTitle.stderr).toBe('usage error: create needs --type and --title\nRun `baton create --help` for its usage.\n');
    expect((await w.run(['create', '--type', 'epic', '--title', 'x'])).stderr).toMatch(/^usage error: --type: /);
    expect((await w.run(['frobnicate'])).code).toBe(2);

    const missing = await w.run(['show', `${w.product.key}-999`]);
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toMatch(/^error NOT_FOUND: /);
    const missingJson = await w.run(['show', `${w.product.key}-999`, '--json']);
    expect(missingJson.code).toBe(1);
    expect(JSON.parse(missingJson.stdout)).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } });

    const badToken = await w.run(['list'], { env: { BATON_TOKEN: 'a'.repeat(32) } });
    expect(badToken).toMatchObject({ code: 1 });
    expect(badToken.stderr).toMatch(/^error UNAUTHENTICATED: /);
    const noServer = await w.run(['list'], { env: { BATON_URL: 'http://127.0.0.1:9' } });
    expect(noServer.code).toBe(1);
    expect(noServer.stderr).toMatch(/^error UNAVAILABLE: cannot reach http:\/\/127\.0\.0\.1:9/);
  });
});

describe('choosing the product', () => {
  it('uses BATON_PRODUCT (key or id), the only product, or asks', async () => {
    const w = await workspace();
    const second = await buildProduct(db, w.org.id);
    const one = await createItem(w.ctx, { productId: second.id, type: 'task', title: 'In the second product' });
    const keys = async (env: Record<string, string | undefined>, extra: string[] = []) =>
      (await w.json<{ items: { key: string }[] }>(['list', ...extra], { env })).items.map((i) => i.key);
    expect(await keys({ BATON_PRODUCT: second.key })).toEqual([one.key]);
    expect(await keys({ BATON_PRODUCT: second.id })).toEqual([one.key]);
    expect(await keys({ BATON_PRODUCT: w.product.key }, ['--product', second.key.toLowerCase()])).toEqual([one.key]);
    const ask = await w.run(['list'], { env: { BATON_PRODUCT: undefined } });
    expect(ask.code).toBe(2);
    expect(ask.stderr).toContain(`several products (${[w.product.key, second.key].sort().join(', ')})`);
    expect((await w.run(['list'], { env: { BATON_PRODUCT: 'NOPE' } })).stderr).toMatch(/^error NOT_FOUND: product NOPE \(from env\)/);
  });

  it('suggests the product from the git remote and saves it to .baton/config.json', async () => {
    const w = await workspace();
    const repo = join(await tempDir(), w.product.name.replace(/ /g, '-').toLowerCase());
    await mkdir(join(repo, 'src'), { recursive: true });
    const git = (args: string[]) =>
      new Promise<void>((resolve, reject) => {
        spawn('git', args, { cwd: repo, stdio: 'ignore' }).on('close', (c) =>
          c === 0 ? resolve() : reject(new Error(`git ${args.join(' ')}: ${c}`)),
        );
      });
    await git(['init', '-q']);
    const product = w.product.name.replace(/ /g, '-').toLowerCase();
    await git(['remote', 'add', 'origin', `git@github.com:acme/${product}.git`]);
    const env = { BATON_PRODUCT: undefined };

    const suggested = await w.json<{ remote: unknown; product: string; written: null }>(['config', 'detect'], {
      cwd: join(repo, 'src'),
      env,
    });
    expect(suggested).toMatchObject({
      remote: { host: 'github.com', forge: 'github', owner: 'acme', repo: product },
      product: w.product.key,
      written: null,
    });
    const human = await w.run(['config', 'detect'], { cwd: repo, env });
    expect(human.stdout).toContain(`Repository: github.com/acme/${product} (github)`);
    expect(human.stdout).toContain(`Suggested: ${w.product.key}.`);

    const saved = await w.run(['config', 'detect', '--write'], { cwd: repo, env });
    expect(saved.code).toBe(0);
    expect(JSON.parse(await readFile(join(repo, '.baton', 'config.json'), 'utf8'))).toEqual({ product: w.product.key });
    // with a second product visible, the project file is what picks one
    await buildProduct(db, w.org.id);
    const item = await createItem(w.ctx, { productId: w.product.id, type: 'task', title: 'Found by project config' });
    expect((await w.json<{ items: { key: string }[] }>(['list'], { cwd: join(repo, 'src'), env })).items.map((i) => i.key)).toEqual([
      item.key,
    ]);

    // a token in the shared file is refused
    await writeFile(join(repo, '.baton', 'config.json'), JSON.stringify({ product: w.product.key, token: 'oops' }));
    const leaked = await w.run(['list'], { cwd: repo, env });
    expect(leaked.code).toBe(2);
    expect(leaked.stderr).toMatch(/not in the repository/);
  });
});

describe('signing in', () => {
  it('saves an API key with login --token (mode 0600), uses it, and forgets it on logout', async () => {
    const w = await workspace();
    const { secret } = await createApiKey(w.ctx, { organizationId: w.org.id, name: 'CLI key', role: 'agent', scopes: ['write'] });
    const home = await tempDir();
    const login = await baton(home, ['login', '--url', url, '--token', secret]);
    expect(login).toMatchObject({ code: 0, stdout: `Saved the API key for ${url} (products: ${w.product.key}).\n` });
    const path = join(home, '.config', 'baton', 'config.json');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await userConfig(home)).toEqual({ url, token: secret });

    const who = await baton(home, ['whoami', '--json']);
    expect(JSON.parse(who.stdout)).toMatchObject({ url, kind: 'apiKey', user: null, tokenFrom: 'user', product: { key: w.product.key } });
    // the saved token goes only to the server it was saved for
    const elsewhere = await baton(home, ['whoami', '--url', 'http://127.0.0.1:9']);
    expect(elsewhere.stderr).toMatch(/^error UNAUTHENTICATED: not signed in to http:\/\/127\.0\.0\.1:9/);

    expect(await baton(home, ['logout'])).toMatchObject({ code: 0, stdout: 'Signed out (the token was forgotten here).\n' });
    expect(await userConfig(home)).toEqual({ url });
    expect((await baton(home, ['whoami'])).code).toBe(1);
    expect((await baton(home, ['login', '--url', url, '--token', 'bat_nope'])).stderr).toMatch(/^error UNAUTHENTICATED/);
  });

  it('logs in with the device flow: prints the code, waits for approval in the browser, saves a session', async () => {
    const w = await workspace();
    const home = await tempDir();
    let shown: { page: string; code: string } | null = null;
    let approved: Promise<unknown> | null = null;
    const login = await baton(home, ['login', '--url', url, '--name', 'ci laptop'], {
      onStderr: (text) => {
        const m = /open (\S+)\nand check that it shows the code ([A-Z]{4}-[A-Z]{4})/.exec(text);
        if (m && !shown) {
          shown = { page: m[1]!, code: m[2]! };
          approved = w.client.device.approve.mutate({ userCode: m[2]! });
        }
      },
    });
    expect(shown).not.toBeNull();
    expect(shown!.page).toBe(`${url}/device?code=${shown!.code}`);
    await approved;
    expect(login).toMatchObject({ code: 0, stdout: `Signed in to ${url} as ${w.user.name} <${w.user.email}>.\n` });
    const saved = await userConfig(home);
    expect(saved).toEqual({ url, token: expect.stringMatching(/^[a-z2-7]{32}$/) });
    expect(saved.token).not.toBe(w.token);
    const sessions = await w.client.auth.sessions.query();
    expect(sessions.map((s) => s.userAgent)).toContainEqual(expect.stringMatching(/^ci laptop \(baton-cli\//));

    const who = JSON.parse((await baton(home, ['whoami', '--json'])).stdout);
    expect(who).toMatchObject({ kind: 'user', user: { id: w.user.id }, tokenFrom: 'user' });
    // logout ends that session on the server too
    expect((await baton(home, ['logout'])).stdout).toBe('Signed out.\n');
    expect((await w.client.auth.sessions.query()).length).toBe(sessions.length - 1);
  }, 30_000);
});

describe('agents', () => {
  it('prints the context pack and files auto-detected items', async () => {
    const w = await workspace();
    const item = await createItem(w.ctx, {
      productId: w.product.id,
      type: 'bug',
      title: 'Context please',
      description: 'Steps: open the app.',
    });
    const pack = await w.run(['context', item.key, '--budget', '2000']);
    expect(pack.code).toBe(0);
    expect(pack.stdout).toContain('Context please');
    expect(pack.stdout).toContain('Steps: open the app.');
    expect(await w.json<{ markdown: string; chars: number }>(['context', item.key])).toMatchObject({
      markdown: expect.stringContaining('Context please'),
    });
    expect((await w.run(['context', item.key, '--budget', '10'])).code).toBe(2);

    const found = await w.json<{ id: string }>(['create', '--type', 'bug', '--title', 'Nightly build broke', '--auto-detected']);
    expect((await db.item.findUniqueOrThrow({ where: { id: found.id }, select: { source: true } })).source).toBe('auto_detected');
  });
});
