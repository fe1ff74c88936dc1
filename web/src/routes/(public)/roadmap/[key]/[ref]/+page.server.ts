import { errorOf } from '@baton/client';
import { PRODUCT_KEY_SOURCE } from '@baton/contracts/item-key';
import { redirect } from '@sveltejs/kit';
import { formFailure, text } from '$lib/server/form-error';
import { renderPublicMarkdown } from '$lib/server/markdown';
import { clearVoterCookie, orNotFound, publicApi, voterToken } from '$lib/server/public';
import type { Actions, PageServerLoad } from './$types';

/** `/roadmap/BAT/42` or `/roadmap/BAT/BAT-42` */
const refOf = (param: string): string | number => (/^\d{1,9}$/.test(param) ? Number(param) : param);

export const load: PageServerLoad = async ({ params, cookies }) => {
  const token = voterToken(cookies);
  const item = await orNotFound(
    () => publicApi().public.item.query({ productKey: params.key, ref: refOf(params.ref), voterToken: token }),
    'Idea',
  );
  return {
    item,
    product: { key: params.key, name: item.productName },
    descriptionHtml: renderPublicMarkdown(item.description),
    comments: item.comments.map((c) => ({ ...c, html: renderPublicMarkdown(c.body) })),
    signedIn: !!token,
  };
};

const BACK_PATH = new RegExp(`^/roadmap/${PRODUCT_KEY_SOURCE}(?:[/?][^\\\\]*)?$`);

/** Back to the board the vote was cast from (a local roadmap path only), or this page. */
function backTo(data: FormData): string | null {
  const back = text(data, 'back');
  return BACK_PATH.test(back) && !back.startsWith('//') ? back : null;
}

export const actions: Actions = {
  vote: async ({ params, request, cookies, url }) => {
    const data = await request.formData();
    const email = text(data, 'email').trim();
    const token = voterToken(cookies);
    let result;
    try {
      result = await publicApi().public.vote.mutate({
        productKey: params.key,
        ref: refOf(params.ref),
        ...(email ? { email } : {}),
        ...(token && !email ? { voterToken: token } : {}),
      });
    } catch (e) {
      // an expired confirmation: forget it, and ask for the email again
      if (token && errorOf(e)?.code === 'BAD_INPUT' && !email) clearVoterCookie(cookies, url);
      return formFailure(e, { email });
    }
    const back = backTo(data);
    if (back && result.state !== 'pending') redirect(303, back);
    return { vote: result, email };
  },
  unvote: async ({ params, request, cookies }) => {
    const data = await request.formData();
    const token = voterToken(cookies);
    if (!token) return { vote: null, email: '' };
    try {
      await publicApi().public.unvote.mutate({ productKey: params.key, ref: refOf(params.ref), voterToken: token });
    } catch (e) {
      return formFailure(e, { email: '' });
    }
    const back = backTo(data);
    if (back) redirect(303, back);
    return { vote: null, email: '' };
  },
};
