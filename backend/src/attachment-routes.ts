import { mapError } from '@baton/api';
import { ATTACHMENT_MAX_BYTES, ITEM_KEY_SOURCE, PRODUCT_KEY_SOURCE } from '@baton/contracts';
import { acceptedType, authorizeUpload, cleanFileName, findAttachment, recordAttachment, type Deps } from '@baton/core';
import busboy from 'busboy';
import express, { type Request, type Response, type Router } from 'express';
import { pipeline } from 'node:stream/promises';
import { parseCookies, SESSION_COOKIE } from './cookies.ts';
import type { Logger } from './logger.ts';
import { restError, restFailure } from './rest/error-response.ts';
import { createContext } from './trpc-context.ts';

// Multipart needs a little room around the file itself (boundaries, part headers).
const ENVELOPE_BYTES = 64 * 1024;

/** A core or tRPC failure as the REST envelope and status (a DomainError goes through the api's one table). */
function httpError(e: unknown) {
  try {
    mapError(e);
  } catch (mapped) {
    return restError(mapped);
  }
}

class UploadRefused extends Error {
  constructor(
    readonly status: number,
    readonly code: 'PAYLOAD_TOO_LARGE' | 'UNSUPPORTED_MEDIA_TYPE' | 'BAD_INPUT',
    message: string,
  ) {
    super(message);
  }
}

/** Where a web form's upload returns to: an item page of this app, never another site. */
const BACK_PATH = new RegExp(`^/p/${PRODUCT_KEY_SOURCE}/items/${ITEM_KEY_SOURCE}$`);

/**
 * Attachment bytes over plain HTTP, with the same authorization as the tRPC writes and reads:
 *   POST /files/:productId/items/:ref   multipart (one `file` part), streamed to storage with a 25 MB cap
 *   GET  /files/:productId/:attachmentId   the download, always as an attachment and never sniffed
 * A browser form (Accept: text/html) is redirected back to the item page; scripts get JSON (201, or 4xx with a reason).
 */
export function attachmentRoutes(deps: Deps & { logger: Logger }): Router {
  const r = express.Router();

  r.post('/:productId/items/:ref', async (req: Request, res: Response) => {
    const productId = String(req.params.productId);
    const ref = String(req.params.ref);
    const wantsHtml = req.accepts(['json', 'html']) === 'html';
    const back = (params: Record<string, string>) => {
      const to = typeof req.query.back === 'string' && BACK_PATH.test(req.query.back) ? req.query.back : null;
      return to ? `${to}?${new URLSearchParams(params)}#attachments` : null;
    };
    const fail = (status: number, code: string, message: string, details?: Record<string, unknown>) => {
      const to = wantsHtml && status < 500 ? back({ uploadError: message }) : null;
      // the rest of the request body is not read: close the connection rather than drain 25 MB
      res.setHeader('connection', 'close');
      if (to) res.redirect(303, to);
      else res.status(status).json({ error: { code, message, ...(details && { details }) } });
    };
    try {
      req.cookies = parseCookies(req.headers.cookie);
      // cookie-authenticated uploads must come from our own pages (SameSite=Lax already stops cross-site POSTs)
      if (!req.headers.authorization && req.cookies[SESSION_COOKIE]) {
        const origin = req.headers.origin;
        if (origin && origin !== `${req.protocol}://${req.get('host')}`) return fail(403, 'FORBIDDEN', 'Uploads must come from this site');
      }
      const ctx = await createContext(deps, req, res);
      if (ctx.authError) throw ctx.authError;
      if (!ctx.principal) return fail(401, 'UNAUTHENTICATED', 'Sign in or send an API key');
      const actx = { ...ctx, principal: ctx.principal };
      await authorizeUpload(actx, { productId, ref });
      if (!deps.storage) return fail(503, 'UNAVAILABLE', 'Attachment storage is not configured');
      if (!req.is('multipart/form-data')) return fail(415, 'BAD_INPUT', 'Send the file as multipart/form-data');
      const declared = Number(req.headers['content-length']);
      if (declared > ATTACHMENT_MAX_BYTES + ENVELOPE_BYTES) return fail(413, 'PAYLOAD_TOO_LARGE', `The file is larger than ${ATTACHMENT_MAX_BYTES / 1024 / 1024} MB`);
      const stored = await receiveFile(deps, req);
      try {
        const attachment = await recordAttachment(actx, { productId, ref, ...stored });
        const to = wantsHtml ? back({ uploaded: attachment.fileName }) : null;
        if (to) res.redirect(303, to);
        else res.status(201).json(attachment);
      } catch (e) {
        await deps.storage.delete(stored.storageKey);
        throw e;
      }
    } catch (e) {
      if (e instanceof UploadRefused) return fail(e.status, e.code, e.message);
      const { status, body, internal } = httpError(e);
      if (internal) deps.logger.error('upload failed', { error: e });
      fail(status, body.error.code, body.error.message, body.error.details);
    }
  });

  r.get('/:productId/:attachmentId', async (req: Request, res: Response) => {
    try {
      req.cookies = parseCookies(req.headers.cookie);
      const ctx = await createContext(deps, req, res);
      if (ctx.authError) throw ctx.authError;
      if (!ctx.principal) return void res.status(401).json(restFailure('UNAUTHENTICATED', 'Sign in or send an API key'));
      const found = await findAttachment({ ...ctx, principal: ctx.principal }, { productId: String(req.params.productId), attachmentId: String(req.params.attachmentId) });
      const stream = await deps.storage?.get(found.storageKey);
      if (!stream) return void res.status(404).json(restFailure('NOT_FOUND', 'Attachment not found'));
      res.setHeader('content-type', found.contentType);
      res.setHeader('content-length', String(found.size));
      // never rendered inline on our origin, never re-typed by the browser, never run as a page
      res.setHeader('content-disposition', `attachment; filename="${found.fileName.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(found.fileName)}`);
      res.setHeader('x-content-type-options', 'nosniff');
      res.setHeader('content-security-policy', "default-src 'none'; sandbox");
      res.setHeader('cache-control', 'private, no-store');
      await pipeline(stream, res);
    } catch (e) {
      if (res.headersSent) return void res.destroy();
      const { status, body, internal } = httpError(e);
      if (internal) deps.logger.error('download failed', { error: e });
      res.status(status).json(body);
    }
  });

  return r;
}

/** Streams the one `file` part to storage, counting bytes; over the cap or of a refused type it stops and cleans up. */
function receiveFile(deps: Deps, req: Request): Promise<{ fileName: string; contentType: string; size: number; storageKey: string }> {
  const storage = deps.storage!;
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { files: 1, fileSize: ATTACHMENT_MAX_BYTES + 1, fields: 10, parts: 12 } });
    } catch {
      return reject(new UploadRefused(400, 'BAD_INPUT', 'The upload is not valid multipart/form-data'));
    }
    let handled = false;
    const stop = (e: Error) => {
      req.unpipe(bb);
      reject(e);
    };
    bb.on('file', (field, file, info) => {
      if (field !== 'file' || handled) return void file.resume();
      handled = true;
      const fileName = cleanFileName(info.filename ?? '');
      let contentType: string;
      try {
        contentType = acceptedType(fileName);
      } catch (e) {
        file.resume();
        return stop(new UploadRefused(415, 'UNSUPPORTED_MEDIA_TYPE', (e as Error).message));
      }
      void (async () => {
        const { key, stream } = await storage.put();
        let size = 0;
        // busboy stops the stream one byte past the limit: a stream that reached it was over the limit
        let tooLarge = false;
        file.on('data', (chunk: Buffer) => (size += chunk.length));
        file.on('limit', () => (tooLarge = true));
        try {
          await pipeline(file, stream);
        } catch (e) {
          await storage.delete(key);
          return stop(e as Error);
        }
        if (tooLarge || size > ATTACHMENT_MAX_BYTES) {
          await storage.delete(key);
          return stop(new UploadRefused(413, 'PAYLOAD_TOO_LARGE', `The file is larger than ${ATTACHMENT_MAX_BYTES / 1024 / 1024} MB`));
        }
        if (size === 0) {
          await storage.delete(key);
          return stop(new UploadRefused(400, 'BAD_INPUT', 'The file is empty'));
        }
        resolve({ fileName, contentType, size, storageKey: key });
      })().catch(stop);
    });
    bb.on('close', () => {
      if (!handled) reject(new UploadRefused(400, 'BAD_INPUT', 'Choose a file to upload (form field "file")'));
    });
    bb.on('error', (e) => stop(new UploadRefused(400, 'BAD_INPUT', `The upload could not be read: ${(e as Error).message}`)));
    req.pipe(bb);
  });
}
