import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

/** Where attachment bytes live. Keys are random (storageKey), never a user's file name. */
export interface Storage {
  /** A stream to write a new object to; the key is chosen by the storage. */
  put(): Promise<{ key: string; stream: Writable }>;
  get(key: string): Promise<Readable | null>;
  delete(key: string): Promise<void>;
}

const KEY = /^[a-f0-9]{48}$/;

/** Objects as files under one directory (DATA_DIR/attachments by default), two-level fan-out by key prefix. */
export class LocalDiskStorage implements Storage {
  constructor(private readonly root: string) {}

  private path(key: string): string {
    if (!KEY.test(key)) throw new Error('invalid storage key');
    return join(this.root, key.slice(0, 2), key);
  }

  async put() {
    const key = randomBytes(24).toString('hex');
    await mkdir(join(this.root, key.slice(0, 2)), { recursive: true });
    return { key, stream: createWriteStream(this.path(key), { flags: 'wx' }) };
  }

  async get(key: string) {
    const path = this.path(key);
    try {
      await stat(path);
    } catch {
      return null;
    }
    return createReadStream(path);
  }

  async delete(key: string) {
    await rm(this.path(key), { force: true });
  }
}
