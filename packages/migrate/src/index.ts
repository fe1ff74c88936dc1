export { migrateDatabase, pendingMigrations, migrationsDir } from './migrate.ts';
