import { errorOf } from '@baton/client';
import { fail } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { formFailure, text, type FormError } from '$lib/server/form-error';
import type { Actions, PageServerLoad } from './$types';

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

/** Fields of a failed call, by the last segment of each issue's path (`rollOver.sprint.endsAt` is `endsAt`). */
function failure(e: unknown, form: string, values: Record<string, string>) {
  const err = errorOf(e);
  if (!err) throw e;
  const fields: Record<string, string> = {};
  const issues = Array.isArray(err.details?.issues) ? (err.details.issues as { path?: unknown[]; message?: unknown }[]) : [];
  for (const issue of issues) {
    const field = Array.isArray(issue.path) ? String(issue.path.at(-1) ?? '') : '';
    if (field && typeof issue.message === 'string') fields[field] ??= issue.message;
  }
  if (!Object.keys(fields).length) return formFailure(e, { form, values });
  const error: FormError = { message: 'Check the highlighted fields.', fields };
  return fail(400, { form, values, error });
}

const values = (data: FormData, names: string[]) => Object.fromEntries(names.map((n) => [n, text(data, n)]));
const optionalNumber = (v: string) => (v.trim() === '' ? null : Number(v));
const optionalDate = (v: string) => (v.trim() === '' ? null : v);

export const actions: Actions = {
  createSprint: async ({ request, cookies }) => {
    const data = await request.formData();
    const v = values(data, ['productId', 'name', 'startsAt', 'endsAt', 'goal', 'capacity']);
    try {
      await api(cookies).sprints.create.mutate({
        productId: v.productId!,
        name: v.name!,
        goal: v.goal,
        startsAt: v.startsAt as never,
        endsAt: v.endsAt as never,
        capacity: optionalNumber(v.capacity!),
      });
    } catch (e) {
      return failure(e, 'createSprint', v);
    }
    return { form: 'createSprint', ok: true };
  },

  /** Closes a sprint and rolls its unfinished items: into an open sprint, a new one, or the backlog. */
  closeSprint: async ({ request, cookies }) => {
    const data = await request.formData();
    const v = values(data, ['productId', 'id', 'rollTo', 'name', 'startsAt', 'endsAt']);
    const rollTo = v.rollTo ?? 'backlog';
    const rollOver =
      rollTo === 'new'
        ? { to: 'new' as const, sprint: { name: v.name!, startsAt: v.startsAt as never, endsAt: v.endsAt as never } }
        : rollTo === 'backlog'
          ? { to: 'backlog' as const }
          : { to: 'sprint' as const, sprintId: rollTo };
    try {
      const result = await api(cookies).sprints.close.mutate({ productId: v.productId!, id: v.id!, rollOver });
      return { form: `close-${v.id}`, closed: { name: result.closed.name, moved: result.moved, next: result.next?.name ?? null } };
    } catch (e) {
      return failure(e, `close-${v.id}`, v);
    }
  },

  /** Puts an item into a sprint (or back into the backlog: empty sprintId), as items.update under its version. */
  plan: async ({ request, cookies }) => {
    const data = await request.formData();
    const v = values(data, ['productId', 'id', 'version', 'sprintId']);
    try {
      const item = await api(cookies).items.update.mutate({
        productId: v.productId!,
        ref: v.id!,
        expectedVersion: Number(v.version),
        patch: { sprintId: v.sprintId || null },
      });
      return { form: 'plan', planned: { id: item.id, key: item.key, version: item.version } };
    } catch (e) {
      return failure(e, 'plan', v);
    }
  },

  createMilestone: async ({ request, cookies }) => {
    const data = await request.formData();
    const v = values(data, ['productId', 'name', 'targetDate', 'description']);
    try {
      await api(cookies).milestones.create.mutate({
        productId: v.productId!,
        name: v.name!,
        description: v.description,
        targetDate: optionalDate(v.targetDate!) as never,
      });
    } catch (e) {
      return failure(e, 'createMilestone', v);
    }
    return { form: 'createMilestone', ok: true };
  },

  updateMilestone: async ({ request, cookies }) => {
    const data = await request.formData();
    const v = values(data, ['productId', 'id', 'name', 'targetDate', 'description', 'closed']);
    const patch = v.closed
      ? { closed: v.closed === 'true' }
      : { name: v.name, description: v.description, targetDate: optionalDate(v.targetDate!) as never };
    try {
      await api(cookies).milestones.update.mutate({ productId: v.productId!, id: v.id!, patch });
    } catch (e) {
      return failure(e, `milestone-${v.id}`, v);
    }
    return { form: `milestone-${v.id}`, ok: true };
  },
};
