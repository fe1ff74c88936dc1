import type { Cookies } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { formAction } from '$lib/server/form-action';
import { text } from '$lib/server/form-error';
import { productForAction } from '$lib/server/product';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const BACKLOG_PAGE = 50;

export const load: PageServerLoad = async ({ cookies, url, parent }) => {
  const { product } = await parent();
  const client = api(cookies);
  const backlogCursor = url.searchParams.get('backlog') || undefined;
  const [sprints, backlog, milestones, velocity] = await Promise.all([
    client.sprints.list.query({ productId: product.id, state: 'open', limit: 10 }),
    client.sprints.items.query({ productId: product.id, sprintId: null, limit: BACKLOG_PAGE, cursor: backlogCursor }),
    client.milestones.list.query({ productId: product.id, state: 'all', limit: 20 }),
    client.sprints.velocity.query({ productId: product.id, limit: 10 }),
  ]);
  const sprintItems = await Promise.all(sprints.items.map((s) => client.sprints.items.query({ productId: product.id, sprintId: s.id, limit: 100 })));
  return {
    sprints: sprints.items.map((s, i) => ({ ...s, items: sprintItems[i]!.items, more: sprintItems[i]!.nextCursor !== null })),
    backlog,
    backlogCursor: backlogCursor ?? null,
    milestones: milestones.items,
    velocity,
  };
};

const values = (data: FormData, names: string[]) => Object.fromEntries(names.map((n) => [n, text(data, n)]));
const optionalNumber = (v: string) => (v.trim() === '' ? null : Number(v));
const optionalDate = (v: string) => (v.trim() === '' ? null : v);

/**
 * An action of the URL's product: `form` names which form on the page failed (a row's id for the per-row forms),
 * `names` the fields echoed back to it. The product comes from the URL, never from a form field.
 */
function planningAction<R>(form: (data: FormData) => string, names: string[], run: (v: Record<string, string>, productId: string, cookies: Cookies) => Promise<R>) {
  return formAction(
    (data) => ({ form: form(data), values: values(data, names) }),
    async (data, { cookies, params }: RequestEvent) =>
      run(values(data, names), (await productForAction(cookies, params.key)).id, cookies),
  );
}

export const actions: Actions = {
  createSprint: planningAction(
    () => 'createSprint',
    ['name', 'startsAt', 'endsAt', 'goal', 'capacity'],
    async (v, productId, cookies) => {
      await api(cookies).sprints.create.mutate({
        productId,
        name: v.name!,
        goal: v.goal,
        startsAt: v.startsAt as never,
        endsAt: v.endsAt as never,
        capacity: optionalNumber(v.capacity!),
      });
      return { form: 'createSprint', ok: true };
    },
  ),

  /** Closes a sprint and rolls its unfinished items: into an open sprint, a new one, or the backlog. */
  closeSprint: planningAction(
    (data) => `close-${text(data, 'id')}`,
    ['id', 'rollTo', 'name', 'startsAt', 'endsAt'],
    async (v, productId, cookies) => {
      const rollTo = v.rollTo || 'backlog';
      const rollOver =
        rollTo === 'new'
          ? { to: 'new' as const, sprint: { name: v.name!, startsAt: v.startsAt as never, endsAt: v.endsAt as never } }
          : rollTo === 'backlog'
            ? { to: 'backlog' as const }
            : { to: 'sprint' as const, sprintId: rollTo };
      const result = await api(cookies).sprints.close.mutate({ productId, id: v.id!, rollOver });
      return { form: `close-${v.id}`, closed: { name: result.closed.name, moved: result.moved, next: result.next?.name ?? null } };
    },
  ),

  /** Puts an item into a sprint (or back into the backlog: empty sprintId), as items.update under its version. */
  plan: planningAction(
    () => 'plan',
    ['id', 'version', 'sprintId'],
    async (v, productId, cookies) => {
      const item = await api(cookies).items.update.mutate({
        productId,
        ref: v.id!,
        expectedVersion: Number(v.version),
        patch: { sprintId: v.sprintId || null },
      });
      return { form: 'plan', planned: { id: item.id, key: item.key, version: item.version } };
    },
  ),

  createMilestone: planningAction(
    () => 'createMilestone',
    ['name', 'targetDate', 'description'],
    async (v, productId, cookies) => {
      await api(cookies).milestones.create.mutate({
        productId,
        name: v.name!,
        description: v.description,
        targetDate: optionalDate(v.targetDate!) as never,
      });
      return { form: 'createMilestone', ok: true };
    },
  ),

  updateMilestone: planningAction(
    (data) => `milestone-${text(data, 'id')}`,
    ['id', 'name', 'targetDate', 'description', 'closed'],
    async (v, productId, cookies) => {
      const patch = v.closed
        ? { closed: v.closed === 'true' }
        : { name: v.name, description: v.description, targetDate: optionalDate(v.targetDate!) as never };
      await api(cookies).milestones.update.mutate({ productId, id: v.id!, patch });
      return { form: `milestone-${v.id}`, ok: true };
    },
  ),
};
