// Prisma CLI configuration (Prisma 6.19, engine "js": nothing native is downloaded; see docs/database.md).
// The CLI reaches the database through the same adapter as the app, patched for the known sharp edges.
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { patchMigrationAdapter } from './src/catalog-fix.ts';

// schema.prisma keeps `url = env("DATABASE_URL")` to validate; with it unset the CLI falls back to the
// native "library" engine and tries to download it.
process.env.DATABASE_URL ??= 'postgresql://postgres:postgres@127.0.0.1:5432/baton';
const url = process.env.DATABASE_URL;

// allowExitOnIdle: otherwise every CLI command lingers ~10 s on the idle pool.
const pgAdapter = (connectionString: string) => new PrismaPg({ connectionString, max: 1, allowExitOnIdle: true });

export default defineConfig({
  engine: 'js',
  experimental: { adapter: true },
  schema: '../../prisma/schema.prisma',
  migrations: { path: '../../prisma/migrations' },
  async adapter() {
    const factory = pgAdapter(url);
    const connect = factory.connect.bind(factory);
    return Object.assign(factory, {
      connect: async () => patchMigrationAdapter(await connect()),
      // `migrate dev` / `migrate diff --from-migrations` replay migrations on a shadow database. Use a
      // throw-away in-memory PGlite: pglite-socket ignores the database name (a CREATE DATABASE shadow would
      // replay on the real data) and adapter-pg 6.19's own shadow handling ignores `database` with a URL.
      async connectToShadowDb() {
        const db = await PGlite.create();
        const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 4 });
        await server.start();
        const a = patchMigrationAdapter(
          await pgAdapter(`postgresql://postgres:postgres@${server.getServerConn()}/postgres`).connect(),
        );
        const dispose = a.dispose.bind(a);
        a.dispose = async () => {
          await dispose();
          await server.stop();
          await db.close();
        };
        return a;
      },
    });
  },
});
