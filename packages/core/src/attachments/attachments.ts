import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, type Attachment, type ItemRef } from '@baton/contracts';
import { requireProductAccess } from '../access/product-access.ts';
import { roleAllows } from '../access/roles.ts';
import { recordActivity, writeTransaction, type ActivityActor } from '../activity/record-activity.ts';
import type { Ctx, Tx } from '../deps.ts';
import type { ItemEvent } from '../events/bus.ts';
import { DomainError, notFound } from '../errors.ts';
import { resolveItem } from '../items/resolve-item.ts';

const select = { id: true, fileName: true, contentType: true, size: true, createdAt: true, uploader: { select: { id: true, name: true } } } as const;

/**
 * The content type an upload is stored and served with, decided by its extension against the allowed list (the
 * browser's claimed type is not trusted). Anything else is refused with UNSUPPORTED_MEDIA_TYPE: HTML and SVG
 * would run script on our origin if opened, executables are not what a tracker should hand out.
 */
export function acceptedType(fileName: string): string {
  const ext = /\.([a-z0-9]{1,8})$/i.exec(fileName)?.[1]?.toLowerCase();
  const type = ext && Object.entries(ATTACHMENT_TYPES).find(([, exts]) => exts.includes(ext))?.[0];
  if (!type) {
    const allowed = [...new Set(Object.values(ATTACHMENT_TYPES).flat())].join(', ');
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', `${ext ? `.${ext}` : 'This'} files cannot be attached; allowed: ${allowed}`, { allowed });
  }
  return type;
}

/** A file name safe to show and to put in Content-Disposition: no paths, no control characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  const clean = [...base]
    .filter((c) => c.charCodeAt(0) > 0x1f && c.charCodeAt(0) !== 0x7f && c !== '"')
    .join('')
    .trim()
    .slice(-200);
  return clean || 'file';
}

/** Checks the caller may attach to the item before any byte is read. */
export async function authorizeUpload(ctx: Ctx, ref: ItemRef) {
  return resolveItem(ctx, ref, 'write');
}

/** Records an upload whose bytes are already stored under `storageKey`. */
export async function recordAttachment(
  ctx: Ctx,
  input: ItemRef & { fileName: string; contentType: string; size: number; storageKey: string },
): Promise<Attachment> {
  if (input.size > ATTACHMENT_MAX_BYTES) throw new DomainError('PAYLOAD_TOO_LARGE', 'Attachments are limited to 25 MB');
  const { id, access } = await resolveItem(ctx, input, 'write');
  return writeTransaction(ctx, (tx, emit) => writeAttachment(ctx, tx, emit, { ...input, itemId: id, productId: access.product.id }));
}

/** The attachment row and its activity inside the caller's transaction (uploads above, email in with its item). */
export async function writeAttachment(
  ctx: { principal: ActivityActor },
  tx: Tx,
  emit: (events: ItemEvent[]) => void,
  input: { itemId: string; productId: string; fileName: string; contentType: string; size: number; storageKey: string },
): Promise<Attachment> {
  if (input.size > ATTACHMENT_MAX_BYTES) throw new DomainError('PAYLOAD_TOO_LARGE', 'Attachments are limited to 25 MB');
  const uploaderId = ctx.principal.kind === 'user' ? ctx.principal.userId : null;
  const row = await tx.attachment.create({
    data: { itemId: input.itemId, uploaderId, fileName: input.fileName, contentType: input.contentType, size: input.size, storageKey: input.storageKey },
    select,
  });
  emit(await recordActivity(ctx, tx, [{ productId: input.productId, itemId: input.itemId, action: 'attachment_added', after: input.fileName }]));
  return row;
}

export async function listAttachments(ctx: Ctx, ref: ItemRef): Promise<Attachment[]> {
  const { id } = await resolveItem(ctx, ref, 'read');
  return ctx.db.attachment.findMany({ where: { itemId: id }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], take: 500, select });
}

/** For a download: the stored object of an attachment the caller can read. */
export async function findAttachment(ctx: Ctx, input: { productId: string; attachmentId: string }) {
  const row = await attachmentIn(ctx, input, 'read');
  return { fileName: row.fileName, contentType: row.contentType, size: row.size, storageKey: row.storageKey };
}

/** The uploader deletes their own; managers and up delete any. The bytes go after the row is gone. */
export async function deleteAttachment(ctx: Ctx, input: { productId: string; attachmentId: string }): Promise<{ ok: true }> {
  const row = await attachmentIn(ctx, input, 'write');
  const p = ctx.principal;
  const mine = p.kind === 'user' && row.uploaderId === p.userId;
  if (!mine && !(row.role && roleAllows(row.role, 'delete'))) throw new DomainError('FORBIDDEN', 'Only the uploader or a manager can delete this attachment');
  await writeTransaction(ctx, async (tx, emit) => {
    const { count } = await tx.attachment.deleteMany({ where: { id: row.id } });
    if (count === 0) throw notFound('Attachment');
    emit(await recordActivity(ctx, tx, [{ productId: input.productId, itemId: row.itemId, action: 'attachment_removed', before: row.fileName }]));
  });
  await ctx.storage?.delete(row.storageKey);
  return { ok: true as const };
}

async function attachmentIn(ctx: Ctx, input: { productId: string; attachmentId: string }, need: 'read' | 'write') {
  // the product gate first: another tenant learns nothing about attachment ids
  const access = await requireProductAccess(ctx, input.productId, need);
  const row = await ctx.db.attachment.findUnique({
    where: { id: input.attachmentId },
    select: { id: true, itemId: true, uploaderId: true, fileName: true, contentType: true, size: true, storageKey: true, item: { select: { productId: true, deletedAt: true } } },
  });
  if (!row || row.item.productId !== input.productId || row.item.deletedAt) throw notFound('Attachment');
  return { ...row, role: access.role };
}
