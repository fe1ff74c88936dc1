import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createApiKey } from '@baton/core';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTeam, useApiServer } from '../support/api-server.ts';

// The packages as someone outside this repository gets them: `pnpm pack` of @baton/client, @baton/mcp and
// @baton/cli, `npm install` of the tarballs in an empty folder outside the workspace, then plain `node`, the bins
// and a strict TypeScript project there, against a real server.

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const ROOT = join(here, '../..');
const README = join(ROOT, 'packages/client/README.md');
/** the repository's TypeScript (5.x); the folder gets TypeScript 7 from the registry */
const TSC5 = createRequire(join(ROOT, 'package.json')).resolve('typescript/bin/tsc');
const api = useApiServer();
let dir: string;

/** The README's ```js block after "## Ten lines, from an empty folder", untouched. */
async function readmeAgent(): Promise<string> {
  const text = await readFile(README, 'utf8');
  const block = /```js\n([\s\S]*?)```/.exec(text.slice(text.indexOf('## Ten lines, from an empty folder')));
  if (!block) throw new Error('the client README has no ten-line agent');
  return block[1]!;
}

/** `pnpm pack` runs the package's prepack (its build) and turns `workspace:` ranges into versions. */
const pack = (name: string) =>
  run('npx', ['-y', 'pnpm@10', 'pack', '--pack-destination', join(dir, 'tarballs')], { cwd: join(ROOT, 'packages', name) });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'baton-packages-'));
  await mkdir(join(dir, 'tarballs'));
  // the CLI's build reads nothing built; the MCP server's declarations read the client's
  await Promise.all([pack('client'), pack('cli')]);
  await pack('mcp');
  const tarballs = (await readdir(join(dir, 'tarballs'))).map((f) => join(dir, 'tarballs', f));
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'agent', private: true, type: 'module' }));
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...tarballs, 'typescript@^7', '@types/node@^20.19'], {
    cwd: dir,
  });
}, 300_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function setup() {
  const team = await buildTeam(api());
  const { secret } = await createApiKey(team.owner, {
    organizationId: team.org.id,
    name: 'installed',
    role: 'agent',
    scopes: ['read', 'write'],
  });
  const author = await team.agent(['write']);
  const item = await author.client.items.create.mutate({ productId: team.productId, type: 'task', title: 'Installed from a tarball' });
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    XDG_CONFIG_HOME: join(dir, 'config'),
    BATON_URL: api().url,
    BATON_TOKEN: secret,
    BATON_PRODUCT: team.product.key,
  };
  return { ...team, item, env };
}

describe('the packages installed from their tarballs', () => {
  it('ship plain JavaScript and self-contained types: no workspace ranges, no TypeScript sources, no server types', async () => {
    for (const name of ['client', 'mcp', 'cli']) {
      const root = join(dir, 'node_modules/@baton', name);
      const manifest = await readFile(join(root, 'package.json'), 'utf8');
      expect(manifest).not.toContain('workspace:');
      expect(JSON.parse(manifest)).toMatchObject({
        version: expect.any(String),
        license: expect.any(String),
        engines: { node: '>=20.19' },
      });
      for (const file of await readdir(join(root, 'dist'))) {
        const text = await readFile(join(root, 'dist', file), 'utf8');
        expect(text, `${name}/dist/${file}`).not.toMatch(/from ['"]@baton\/(api|core|db|contracts)|\.ts['"]/);
      }
    }
  });

  it('run the README ten-line agent with plain node: next item, heartbeat, comment, done', async () => {
    const { item, env } = await setup();
    await writeFile(join(dir, 'agent.mjs'), await readmeAgent());
    const { stdout } = await run(process.execPath, ['agent.mjs'], { cwd: dir, env });
    expect(JSON.parse(stdout)).toEqual({ key: item.key, claimEnded: 'completed' });
    const stored = await api().db.item.findUniqueOrThrow({ where: { id: item.id }, include: { comments: true } });
    expect(stored.status).toBe('done');
    expect(stored.comments.map((c) => c.body)).toEqual([expect.stringMatching(/^On it until \d{4}-/)]);
  });

  it('type-check that agent in a strict project with TypeScript 5 and 7, and catch a mistake', async () => {
    await writeFile(join(dir, 'agent.mts'), await readmeAgent());
    // a second file misuses a result, so the check shows the types are really read
    await writeFile(join(dir, 'wrong.mts'), `${await readmeAgent()}\nexport const wrong: number = (await baton.items.get('X-1')).title;\n`);
    const compilerOptions = {
      strict: true,
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
      skipLibCheck: false,
      noEmit: true,
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      // tRPC's client declarations name the fetch API's types (RequestInfo), which live in the DOM library
      lib: ['ES2023', 'DOM'],
      types: ['node'],
    };
    await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['agent.mts', 'wrong.mts'] }));
    const ts7 = join(dir, 'node_modules/typescript/bin/tsc');
    expect(JSON.parse(await readFile(join(dir, 'node_modules/typescript/package.json'), 'utf8')).version).toMatch(/^7\./);
    const checks = [TSC5, ts7].map((tsc) =>
      run(process.execPath, [tsc, '-p', dir, '--pretty', 'false'], { cwd: dir }).then(
        () => '',
        (e: { stdout: string }) => e.stdout,
      ),
    );
    for (const output of await Promise.all(checks)) {
      expect(output.trim().split('\n')).toEqual([
        expect.stringMatching(/^wrong\.mts\(\d+,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/),
      ]);
    }
  }, 180_000);

  it('run `baton --help` and `baton --json list` from the bin', async () => {
    const { item, env } = await setup();
    const baton = join(dir, 'node_modules/.bin/baton');
    expect((await run(baton, ['--help'], { cwd: dir, env })).stdout).toContain('Usage: baton');
    const list = JSON.parse((await run(baton, ['--json', 'list'], { cwd: dir, env })).stdout) as { items: { key: string }[] };
    expect(list.items.map((i) => i.key)).toContain(item.key);
  });

  it('answer an MCP handshake over stdio from `baton-mcp`', async () => {
    const { env } = await setup();
    const transport = new StdioClientTransport({
      command: join(dir, 'node_modules/.bin/baton-mcp'),
      env: { ...getDefaultEnvironment(), ...env },
      stderr: 'pipe',
    });
    const mcp = new Client({ name: 'installed-test', version: '1.0.0' });
    try {
      await mcp.connect(transport); // initialize + initialized
      expect(mcp.getServerVersion()?.name).toBeTruthy();
      const { tools } = await mcp.listTools();
      expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['ready', 'take_next', 'claim', 'heartbeat', 'status']));
    } finally {
      await mcp.close();
    }
  });
});
