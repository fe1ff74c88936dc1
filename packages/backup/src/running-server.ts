// How an admin command reaches a running server on the embedded database. The database lives inside the server's
// process (one session, one connection: docs/database.md), so no other process may open its data directory or
// connect beside it; the server takes the backup itself when asked over a Unix socket in its data directory.
// The socket is created with mode 0600 (only the server's own user can ask), and its presence plus a listener is
// also how two processes keep off one data directory: the server and every admin command that opens the database
// claim the directory first (claimDataDir), and refuse to start while another holds it.
import { createHash } from 'node:crypto';
import { chmod, rm } from 'node:fs/promises';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { BackupError } from './backup-error.ts';

/** `DATA_DIR/admin.sock`, or a name in the temp folder when that path is past the 107-byte limit of a socket path. */
export function adminSocketPath(dataDir: string): string {
  const full = join(resolve(dataDir), 'admin.sock');
  if (Buffer.byteLength(full) <= 100) return full;
  return join(tmpdir(), `baton-${createHash('sha256').update(full).digest('hex').slice(0, 16)}.sock`);
}

const Request = z.strictObject({ op: z.literal('backup'), file: z.string().min(1) });
type Reply = { ok: true; result: unknown } | { ok: false; code?: string; message: string };

export type DataDirClaim = { takeBackupsWith(take: (file: string) => Promise<unknown>): void; close(): Promise<void> };

/**
 * Claims a data directory for this process before its embedded database opens: refused while another server or
 * admin command holds it. Backup requests are answered by `takeBackupsWith`'s function once it is given (the
 * server, once its pool exists); until then they are refused naming `holder`. Close it after the database stops.
 */
export async function claimDataDir(dataDir: string, holder: string): Promise<DataDirClaim> {
  if (await serverRunning(dataDir)) {
    throw new BackupError('SERVER_RUNNING', `${resolve(dataDir)} is in use by a Baton server or a baton-admin command (it answers on ${adminSocketPath(dataDir)})`);
  }
  let take: ((file: string) => Promise<unknown>) | null = null;
  const socket = await serveAdminSocket(dataDir, (file) => (take ? take(file) : Promise.reject(new BackupError('SERVER_RUNNING', `${resolve(dataDir)} is held by ${holder}`))));
  return { takeBackupsWith: (fn) => (take = fn), close: socket.close };
}

/** Answers `backup` requests with `take(file)`. */
async function serveAdminSocket(dataDir: string, take: (file: string) => Promise<unknown>): Promise<{ close(): Promise<void> }> {
  const path = adminSocketPath(dataDir);
  await rm(path, { force: true }); // left by a process that was killed (a live one answered claimDataDir)
  const open = new Set<Socket>();
  const server: Server = createServer((socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('error', () => socket.destroy());
    const answer = (r: Reply) => socket.end(JSON.stringify(r) + '\n');
    const onData = (chunk: string) => {
      buffer += chunk;
      const nl = buffer.indexOf('\n');
      if (nl < 0) return;
      socket.off('data', onData); // one request per connection
      let parsed: ReturnType<typeof Request.safeParse> | null = null;
      try {
        parsed = Request.safeParse(JSON.parse(buffer.slice(0, nl)));
      } catch {
        // not JSON: answered below like any unknown request (a throw here would take the server down)
      }
      if (!parsed?.success) return answer({ ok: false, message: 'unknown request' });
      take(parsed.data.file).then(
        (result) => answer({ ok: true, result }),
        (e: Error & { code?: string }) => answer({ ok: false, code: e.code, message: e.message }),
      );
    };
    socket.on('data', onData);
  });
  await new Promise<void>((res, rej) => server.once('error', rej).listen(path, () => res()));
  await chmod(path, 0o600);
  return {
    // the socket file goes with it: a copy of the directory (a template, a backup by file copy) must not carry it
    close: async () => {
      const closed = new Promise<void>((res) => server.close(() => res()));
      for (const s of open) s.destroy(); // a client that never finishes its request must not hold the shutdown
      await closed;
      await rm(path, { force: true });
    },
  };
}

/** Is a server answering on this data directory's admin socket? (A socket file left by a killed one is not.) */
export function serverRunning(dataDir: string): Promise<boolean> {
  return new Promise((res) => {
    const s = createConnection(adminSocketPath(dataDir));
    s.once('connect', () => {
      s.destroy();
      res(true);
    });
    s.once('error', () => res(false));
  });
}

/** Client side: asks the running server for a backup into `file` and waits for its answer. */
export function requestBackup(dataDir: string, file: string): Promise<unknown> {
  return new Promise((res, rej) => {
    const s = createConnection(adminSocketPath(dataDir));
    let reply = '';
    s.setEncoding('utf8');
    s.on('data', (c: string) => (reply += c));
    s.once('error', (e) => rej(new BackupError('SERVER_UNREACHABLE', `the running server did not answer on ${adminSocketPath(dataDir)}: ${e.message}`)));
    s.once('end', () => {
      const r = JSON.parse(reply || '{"ok":false,"message":"the server closed the connection"}') as Reply;
      if (r.ok) res(r.result);
      else rej(r.code ? new BackupError(r.code as never, r.message) : new Error(r.message));
    });
    s.write(JSON.stringify({ op: 'backup', file: resolve(file) }) + '\n');
  });
}
