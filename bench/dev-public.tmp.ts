import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEnv, startServer } from '@baton/backend';
import { seedPublicBoard } from './roadmap-seed.ts';
const dataDir = mkdtempSync(join(tmpdir(), 'baton-dev-'));
const server = await startServer(readEnv({ ...process.env, PORT: process.env.PORT ?? '3999', DATA_DIR: dataDir, SEED_DEMO: 'true', LOG_LEVEL: 'info', POW_MAX_NUMBER: '5000', MAIL_SEND_SECONDS: '1' }));
await seedPublicBoard(server.db, { key: 'ACME', name: 'Acme Tracker', count: Number(process.env.COUNT ?? 300) });
console.log('READY', server.url, dataDir);
