// Fails when prisma/schema.prisma and prisma/migrations disagree (a schema edit without its migration, or a
// migration edited after the fact). `prisma migrate diff --from-migrations` replays the migrations on an in-memory
// PGlite shadow (packages/migrate/prisma.config.ts, the 6.19 CLI), but the config's adapter still connects to DATABASE_URL, so a
// throw-away embedded database is started for it: nothing outside this process is touched.
// Usage: node scripts/check-migrations.mjs   (exit 0 in sync, 2 on drift with the missing SQL printed, 1 on error)
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const migratePackageDir = fileURLToPath(new URL('../packages/migrate/', import.meta.url));
const prismaCli = createRequire(new URL('../packages/migrate/package.json', import.meta.url)).resolve('prisma/build/index.js');

const t0 = performance.now();
const { startEmbeddedDatabase } = await tsImport('../packages/db/src/embedded.ts', import.meta.url);
const database = await startEmbeddedDatabase({ maxConnections: 4 });
const tStarted = performance.now();

let code;
try {
  // async child: the embedded database answers from this process (in a worker thread)
  code = await new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        prismaCli,
        'migrate',
        'diff',
        '--from-migrations',
        '../../prisma/migrations',
        '--to-schema-datamodel',
        '../../prisma/schema.prisma',
        '--script',
        '--exit-code',
      ],
      { cwd: migratePackageDir, env: { ...process.env, DATABASE_URL: database.url }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => {
      if (status === 2) {
        process.stderr.write(
          'prisma/schema.prisma has changes that no migration contains. The SQL they need:\n\n' +
            stdout +
            '\nAuthor a migration for it (see prisma/README.md); never edit a migration that has landed.\n',
        );
      } else if (status !== 0) {
        process.stderr.write(`prisma migrate diff failed (exit ${status}):\n${stdout}\n${stderr}\n`);
      }
      resolve(status === 0 || status === 2 ? status : 1);
    });
  });
} finally {
  await database.stop();
}

const seconds = (ms) => (ms / 1000).toFixed(1);
process.stderr.write(
  `migrations ${code === 0 ? 'match the schema' : code === 2 ? 'DRIFT' : 'check failed'} ` +
    `(${seconds(performance.now() - t0)} s: database ${seconds(tStarted - t0)} s, diff ${seconds(performance.now() - tStarted)} s)\n`,
);
process.exit(code);
