export { backupInstallation, restoreInstallation, migrateToPostgres, attachmentsDir, type Installation, type RestoreFigures } from './operations.ts';
export { dumpDatabase, type DumpFigures } from './dump.ts';
export { readArchive, Manifest, type Archive } from './archive.ts';
export { BackupError, type BackupErrorCode } from './backup-error.ts';
export { claimDataDir, serverRunning, adminSocketPath, type DataDirClaim } from './running-server.ts';
export { fixTextFormats, orderedTables, sequenceNames, tableRows } from './catalog.ts';
export { archiveContents, diffAttachments, diffContents, readContents, type Contents } from './compare.ts';
