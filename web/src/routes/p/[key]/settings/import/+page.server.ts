import type { ImportField, ImportFormat } from '@baton/contracts';
import { roleAllows } from '@baton/contracts/roles';
import { api } from '$lib/server/api';
import { formAction } from '$lib/server/form-action';
import { text } from '$lib/server/form-error';
import { productForAction } from '$lib/server/product';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent }) => {
  const { product } = await parent();
  return { canImport: roleAllows(product.role, 'configure') };
};

/**
 * The file arrives once, with the first preview; later previews (a changed column mapping) and the run post its
 * text back from the form, so nothing is kept on the server between steps.
 */
async function readInput(data: FormData) {
  const file = data.get('file');
  const content = file instanceof File && file.size > 0 ? await file.text() : text(data, 'content');
  const mapping = Object.fromEntries(
    [...data.entries()].flatMap(([name, value]) => (name.startsWith('map:') && typeof value === 'string' ? [[name.slice(4), value as ImportField]] : [])),
  );
  const sourceUrl = text(data, 'sourceUrl').trim();
  const format = text(data, 'format') as ImportFormat;
  // the API checks every value (a forged mapping or format is a 400 naming the field)
  return { format, content, ...(format === 'csv' && Object.keys(mapping).length && { mapping }), ...(sourceUrl && { sourceUrl }) };
}

const echo = (data: FormData) => ({ format: text(data, 'format'), sourceUrl: text(data, 'sourceUrl') });

export const actions: Actions = {
  preview: formAction(echo, async (data, { cookies, params }) => {
    const product = await productForAction(cookies, params.key);
    const input = await readInput(data);
    const preview = await api(cookies).imports.preview.mutate({ productId: product.id, ...input });
    return { step: 'preview' as const, format: input.format, sourceUrl: input.sourceUrl ?? '', content: input.content, preview };
  }),
  run: formAction(echo, async (data, { cookies, params }) => {
    const product = await productForAction(cookies, params.key);
    const input = await readInput(data);
    const report = await api(cookies).imports.run.mutate({ productId: product.id, ...input });
    return { step: 'done' as const, report };
  }),
};
