// `baton-admin`: the operator's commands, run on the server's machine with the server's environment (DATABASE_URL,
// DATA_DIR). They are not in the `baton` CLI (packages/cli): that one is the agents' and developers' client, talks
// to a server over HTTP with an API key and ships without database drivers; these need the database and the data
// directory themselves. RUNBOOK.md says when to run each.
import { backupInstallation, BackupError, migrateToPostgres, restoreInstallation, type Installation } from '@baton/backup';
import { z } from 'zod';
import { readEnv } from './env.ts';

const USAGE = `usage: baton-admin <command>
  backup <file.tar.gz>          back up the database, its sequences and the attachments (consistent while running)
  restore <file.tar.gz>         restore a backup into an empty installation (the server stopped)
  migrate-to-postgres <url>     move the embedded installation in DATA_DIR to an empty PostgreSQL database
The installation is the server's: DATABASE_URL (unset = the embedded database in DATA_DIR) and DATA_DIR (attachments).`;

const Args = z.discriminatedUnion('command', [
  z.strictObject({ command: z.literal('backup'), file: z.string().min(1) }),
  z.strictObject({ command: z.literal('restore'), file: z.string().min(1) }),
  z.strictObject({ command: z.literal('migrate-to-postgres'), url: z.string().regex(/^postgres(ql)?:\/\//, 'a postgresql:// URL') }),
]);

const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
const ms = (n: number) => `${(n / 1000).toFixed(2)} s`;

function table(title: string, rows: [string, string | number][]): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return [title, ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${typeof v === 'number' ? v.toLocaleString('en-US') : v}`)].join('\n');
}

async function main(argv: string[]): Promise<string> {
  const [command, value, ...rest] = argv;
  const parsed = Args.safeParse({ command, ...(command === 'migrate-to-postgres' ? { url: value } : { file: value }), ...(rest.length && { extra: rest }) });
  if (!parsed.success) throw new UsageError(`${parsed.error.issues.map((i) => `${i.path.join('.') || 'command'}: ${i.message}`).join('; ')}\n${USAGE}`);
  const env = readEnv();
  const installation: Installation = { dataDir: env.DATA_DIR, ...(env.DATABASE_URL && { databaseUrl: env.DATABASE_URL }) };
  const where = env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `embedded (${env.DATA_DIR})`;
  const args = parsed.data;
  if (args.command === 'backup') {
    const f = await backupInstallation(installation, args.file);
    return table(`backup of ${where} -> ${args.file}`, [
      ['tables', f.tables],
      ['rows', f.rows],
      ['attachments', `${f.attachments} (${kib(f.attachmentBytes)})`],
      ['archive', kib(f.archiveBytes)],
      ['snapshot', ms(f.snapshotMs)],
      ['total', ms(f.totalMs)],
    ]);
  }
  if (args.command === 'restore') {
    const f = await restoreInstallation(installation, args.file);
    return table(`restore of ${args.file} -> ${where}`, [
      ['tables', f.tables],
      ['rows', f.rows],
      ['attachments', `${f.attachments} (${kib(f.attachmentBytes)})`],
      ['migrations', ms(f.migrateMs)],
      ['load', ms(f.loadMs)],
      ['total', ms(f.totalMs)],
    ]);
  }
  if (env.DATABASE_URL) throw new UsageError('migrate-to-postgres moves the embedded database: unset DATABASE_URL (the target is the argument)');
  const m = await migrateToPostgres(env.DATA_DIR, args.url);
  return table(`embedded (${env.DATA_DIR}) -> PostgreSQL`, [
    ['tables', m.restore.tables],
    ['rows', m.restore.rows],
    ['attachments', `${m.restore.attachments} (${kib(m.restore.attachmentBytes)}, kept in ${env.DATA_DIR}/attachments)`],
    ['dump', ms(m.backup.totalMs)],
    ['restore', ms(m.restore.totalMs)],
    ['next', 'start Baton with DATABASE_URL set to the target (same DATA_DIR)'],
  ]);
}

class UsageError extends Error {}

main(process.argv.slice(2)).then(
  (out) => {
    process.stdout.write(out + '\n');
    process.exit(0);
  },
  (e: Error) => {
    const known = e instanceof BackupError || e instanceof UsageError;
    process.stderr.write(`baton-admin: ${known ? e.message : (e.stack ?? e.message)}\n`);
    process.exit(e instanceof UsageError ? 2 : 1);
  },
);
