/** Expected failures of backup, restore and move, with a code the admin command maps to its exit message. */
export type BackupErrorCode =
  | 'ARCHIVE_UNREADABLE'
  | 'ARCHIVE_CORRUPT'
  | 'ARCHIVE_EXISTS'
  | 'DUMP_FROM_NEWER_VERSION'
  | 'TARGET_NOT_EMPTY'
  | 'SERVER_RUNNING'
  | 'SERVER_UNREACHABLE';

export class BackupError extends Error {
  constructor(
    readonly code: BackupErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}
