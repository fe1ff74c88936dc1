import { LabelInput, UpdateLabelInput, type Label } from '@baton/contracts';
import { z } from 'zod';
import { requireProductAccess } from '../access/product-access.ts';
import { recordActivity, writeTransaction } from '../activity/record-activity.ts';
import type { Ctx, Tx } from '../deps.ts';
import { DomainError, notFound } from '../errors.ts';
import { resolveItem } from './resolve-item.ts';

/** Label ids for names, creating missing labels (developers label freely; managers curate colors). */
export async function ensureLabels(tx: Tx, productId: string, names: string[]): Promise<string[]> {
  const unique = [...new Set(names)];
  const ids: string[] = [];
  for (const name of unique) {
    const label = await tx.label.upsert({
      where: { productId_name: { productId, name } },
      create: { productId, name },
      update: {},
      select: { id: true },
    });
    ids.push(label.id);
  }
  return ids;
}

export async function listLabels(ctx: Ctx, productId: string): Promise<Label[]> {
  await requireProductAccess(ctx, productId, 'read');
  return ctx.db.label.findMany({ where: { productId }, select: { id: true, name: true, color: true }, orderBy: { name: 'asc' }, take: 1000 });
}

export async function createLabel(ctx: Ctx, raw: z.input<typeof LabelInput>): Promise<Label> {
  const input = LabelInput.parse(raw);
  await requireProductAccess(ctx, input.productId, 'configure');
  const exists = await ctx.db.label.findUnique({ where: { productId_name: { productId: input.productId, name: input.name } } });
  if (exists) throw labelExists(input.name);
  return ctx.db.label.create({ data: input, select: { id: true, name: true, color: true } });
}

/** Renames and/or recolors a label; items keep it (they link by id). */
export async function updateLabel(ctx: Ctx, raw: z.input<typeof UpdateLabelInput>): Promise<Label> {
  const { productId, labelId, ...patch } = UpdateLabelInput.parse(raw);
  await requireProductAccess(ctx, productId, 'configure');
  const label = await ctx.db.label.findFirst({ where: { id: labelId, productId }, select: { id: true } });
  if (!label) throw notFound('Label');
  if (patch.name !== undefined) {
    const clash = await ctx.db.label.findFirst({ where: { productId, name: patch.name, id: { not: labelId } }, select: { id: true } });
    if (clash) throw labelExists(patch.name);
  }
  try {
    return await ctx.db.label.update({ where: { id: labelId }, data: patch, select: { id: true, name: true, color: true } });
  } catch (e) {
    if ((e as { code?: unknown }).code === 'P2002') throw labelExists(patch.name ?? '');
    throw e;
  }
}

const labelExists = (name: string) =>
  new DomainError('CONFLICT', `A label named "${name}" already exists`, { issues: [{ path: ['name'], message: 'is already used by another label' }] });

export async function deleteLabel(ctx: Ctx, input: { productId: string; labelId: string }): Promise<{ ok: true }> {
  await requireProductAccess(ctx, input.productId, 'configure');
  const { count } = await ctx.db.label.deleteMany({ where: { id: input.labelId, productId: input.productId } });
  if (!count) throw notFound('Label');
  return { ok: true };
}

/** Replaces an item's labels, recording what was added and removed. */
export async function setItemLabels(ctx: Ctx, input: { productId: string; ref: string; labels: string[] }): Promise<Label[]> {
  const { id } = await resolveItem(ctx, input, 'write');
  return writeTransaction(ctx, async (tx, emit) => {
    const before = await tx.itemLabel.findMany({ where: { itemId: id }, select: { label: { select: { name: true } } } });
    const ids = await ensureLabels(tx, input.productId, input.labels);
    await tx.itemLabel.deleteMany({ where: { itemId: id, labelId: { notIn: ids } } });
    await tx.itemLabel.createMany({ data: ids.map((labelId) => ({ itemId: id, labelId })), skipDuplicates: true });
    await tx.item.update({ where: { id }, data: { version: { increment: 1 } } });
    emit(
      await recordActivity(ctx, tx, [
        { productId: input.productId, itemId: id, action: 'updated', field: 'labels', before: before.map((l) => l.label.name).sort(), after: [...new Set(input.labels)].sort() },
      ]),
    );
    return tx.label.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, color: true }, orderBy: { name: 'asc' } });
  });
}
