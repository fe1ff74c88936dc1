export { createDb, createEmbeddedPool, isDatabaseReachable, poolUse, type Db, type DbPool } from './client.ts';
export type { Statement } from './statement-log.ts';
export { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded.ts';
export { Prisma } from './generated/client.ts';
export * as dbEnums from './generated/enums.ts';
export type * from './generated/models.ts';
