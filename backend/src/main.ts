import { DEMO_USERS } from '@baton/core';
import { readEnv } from './env.ts';
import { startServer } from './server.ts';

const env = readEnv();
const server = await startServer(env);
const banner = [
  '',
  `  Baton is running at ${server.url}`,
  ...(env.SEED_DEMO === 'true' ? ['  Demo logins (password for all: ' + DEMO_USERS[0]!.password + '):', ...DEMO_USERS.map((u) => `    ${u.role.padEnd(9)} ${u.email}`)] : []),
  '',
];
process.stdout.write(banner.join('\n') + '\n');

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  server.logger.info('shutting down', { signal });
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  await server.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
