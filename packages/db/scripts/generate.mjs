// Generates the run-time Prisma client (7.x) into src/generated from prisma/schema.prisma, offline.
// Two differences between the CLIs are bridged here rather than in the schema, which the 6.19 migration CLI
// (packages/migrate) reads as it is:
//  * Prisma 7 refuses `url` in the datasource block (P1012: connection URLs moved to prisma.config.ts), while 6.19
//    needs it to validate: the schema is copied without that line.
//  * Prisma 7's CLI makes sure a native schema engine is present before any command, `generate` included, and
//    downloads it from binaries.prisma.sh, unreachable here ("getaddrinfo ENOTFOUND"). `generate` never runs it
//    (the client generator and the schema validation are WebAssembly), and PRISMA_SCHEMA_ENGINE_BINARY naming an
//    existing file skips the download: it names ./no-schema-engine.sh, which only says where migrations live.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const schemaPath = fileURLToPath(new URL('../../../prisma/schema.prisma', import.meta.url));
const output = fileURLToPath(new URL('../src/generated', import.meta.url));
const stub = fileURLToPath(new URL('./no-schema-engine.sh', import.meta.url));
const cli = createRequire(import.meta.url).resolve('prisma/build/index.js');

const source = readFileSync(schemaPath, 'utf8');
const url = /^\s*url\s*=\s*env\("DATABASE_URL"\)\s*$/m;
const out = /^(\s*output\s*=\s*)"[^"]*"\s*$/m;
if (!url.test(source) || !out.test(source)) {
  throw new Error(`${schemaPath}: expected the generator's output and the datasource's url = env("DATABASE_URL")`);
}
const dir = mkdtempSync(join(tmpdir(), 'baton-prisma-'));
try {
  const copy = join(dir, 'schema.prisma');
  writeFileSync(copy, source.replace(url, '').replace(out, `$1${JSON.stringify(output)}`));
  const run = spawnSync(process.execPath, [cli, 'generate', '--schema', copy], {
    stdio: 'inherit',
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: stub, CHECKPOINT_DISABLE: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
  });
  if (run.status !== 0) process.exitCode = run.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
