import { CreateCustomFieldInput, UpdateCustomFieldInput, type CustomField, type CustomFieldKind } from '@baton/contracts';
import { requireProductAccess } from '../access/product-access.ts';
import type { Ctx } from '../deps.ts';
import { badField, DomainError, notFound } from '../errors.ts';

const select = { id: true, key: true, name: true, kind: true, options: true } as const;
/** A product has a handful of fields; the cap keeps the list (and item validation) one small query. */
export const MAX_CUSTOM_FIELDS = 50;

const toField = (row: { id: string; key: string; name: string; kind: string; options: string[] }): CustomField => ({
  ...row,
  kind: row.kind as CustomFieldKind,
});

export async function listCustomFields(ctx: Ctx, input: { productId: string }): Promise<CustomField[]> {
  await requireProductAccess(ctx, input.productId, 'read');
  const rows = await ctx.db.customFieldDefinition.findMany({ where: { productId: input.productId }, select, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], take: MAX_CUSTOM_FIELDS });
  return rows.map(toField);
}

export async function createCustomField(ctx: Ctx, raw: CreateCustomFieldInput): Promise<CustomField> {
  const input = CreateCustomFieldInput.parse(raw);
  await requireProductAccess(ctx, input.productId, 'configure');
  const count = await ctx.db.customFieldDefinition.count({ where: { productId: input.productId } });
  if (count >= MAX_CUSTOM_FIELDS) throw new DomainError('CONFLICT', `A product has at most ${MAX_CUSTOM_FIELDS} custom fields`);
  try {
    return toField(await ctx.db.customFieldDefinition.create({ data: input, select }));
  } catch (e) {
    if ((e as { code?: unknown }).code === 'P2002') {
      throw new DomainError('CONFLICT', `A field with the key ${input.key} already exists`, { issues: [{ path: ['key'], message: 'is already used by another field' }] });
    }
    throw e;
  }
}

export async function updateCustomField(ctx: Ctx, raw: UpdateCustomFieldInput): Promise<CustomField> {
  const { productId, fieldId, ...patch } = UpdateCustomFieldInput.parse(raw);
  await requireProductAccess(ctx, productId, 'configure');
  const field = await ctx.db.customFieldDefinition.findFirst({ where: { id: fieldId, productId }, select });
  if (!field) throw notFound('Custom field');
  if (patch.options !== undefined) {
    const message = field.kind === 'select' ? (patch.options.length === 0 ? 'needs at least one option for a select field' : null) : 'only select fields have options';
    if (message) throw badField('options', message);
  }
  return toField(await ctx.db.customFieldDefinition.update({ where: { id: fieldId }, data: patch, select }));
}

/** Deletes the definition; values items hold under its key stay stored but are no longer shown or accepted. */
export async function deleteCustomField(ctx: Ctx, input: { productId: string; fieldId: string }): Promise<{ ok: true }> {
  await requireProductAccess(ctx, input.productId, 'configure');
  const { count } = await ctx.db.customFieldDefinition.deleteMany({ where: { id: input.fieldId, productId: input.productId } });
  if (!count) throw notFound('Custom field');
  return { ok: true };
}
