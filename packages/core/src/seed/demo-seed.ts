import type { ItemPriority, ItemStatus, ItemType } from '@baton/contracts';
import { hashPassword } from '../auth/passwords.ts';
import type { Ctx, Deps } from '../deps.ts';
import { addComment } from '../items/comments.ts';
import { createItem } from '../items/create-item.ts';
import { addLink } from '../items/links.ts';
import { createOrganization } from '../organizations/create-organization.ts';
import { updatePublicSettings } from '../public/public-settings.ts';
import { updateItem } from '../items/update-item.ts';

export const DEMO_PASSWORD = 'baton-demo-2026';
/** The demo organization's slug: a second start finds it and seeds nothing. */
const DEMO_SLUG = 'demo';
export const DEMO_USERS = [
  { email: 'admin@baton.dev', name: 'Ada Admin', role: 'owner' as const },
  { email: 'pm@baton.dev', name: 'Pat Manager', role: 'manager' as const },
  { email: 'dev@baton.dev', name: 'Dev Eloper', role: 'developer' as const },
].map((u) => ({ ...u, password: DEMO_PASSWORD }));

const TYPES: ItemType[] = ['bug', 'feature', 'task'];
const STATUSES: ItemStatus[] = ['open', 'open', 'in_progress', 'done', 'closed', 'wont_fix'];
const PRIORITIES: ItemPriority[] = ['critical', 'high', 'medium', 'low'];
const LABELS = [
  ['bug', '#dc2626'], ['frontend', '#2563eb'], ['backend', '#16a34a'], ['agents', '#9333ea'],
  ['vscode', '#0891b2'], ['performance', '#ea580c'], ['security', '#b91c1c'], ['docs', '#64748b'],
] as const;
const SUBJECTS = [
  'Board drag and drop', 'Claim lease heartbeat', 'Roadmap voting', 'Release notes generator', 'Sprint velocity chart',
  'API key rotation', 'Search query language', 'VS Code status bar', 'Agent context pack', 'Webhook retries',
  'Dark mode', 'CSV export', 'Keyboard shortcuts', 'Saved views', 'Markdown preview',
];
const VERBS: Record<ItemType, string[]> = {
  bug: ['crashes when', 'is slow for', 'shows wrong data in', 'loses input on'],
  feature: ['Add', 'Support', 'Improve', 'Allow filtering in'],
  task: ['Refactor', 'Document', 'Write tests for', 'Clean up'],
};

function titleFor(type: ItemType, i: number): string {
  const subject = SUBJECTS[i % SUBJECTS.length]!;
  const verb = VERBS[type][i % 4]!;
  return type === 'bug' ? `${subject} ${verb} large products` : `${verb} ${subject.toLowerCase()}`;
}

/**
 * Seeds the demo organization once (first start of an empty database): one product, three people, ~60 items
 * across every type, status and priority, with labels, comments, checklists, links and public items with votes.
 * It goes through the same core functions as real users, so the activity log is real too.
 */
export async function seedDemo(deps: Deps): Promise<{ seeded: boolean }> {
  if (await deps.db.organization.findUnique({ where: { slug: DEMO_SLUG } })) return { seeded: false };
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const users = await Promise.all(
    DEMO_USERS.map((u) => deps.db.user.upsert({ where: { email: u.email }, create: { email: u.email, name: u.name, passwordHash }, update: {} })),
  );
  const as = (u: (typeof users)[0]): Ctx => ({ ...deps, principal: { kind: 'user', userId: u.id, name: u.name, email: u.email, sessionId: null } });
  // the owner starts the organization and its product the way anyone does from the sign-up page
  const owner = users[DEMO_USERS.findIndex((u) => u.role === 'owner')]!;
  const { organization: org, product } = await createOrganization(as(owner), { name: 'Baton Demo', product: { name: 'Baton', key: 'BAT' } }, { slug: DEMO_SLUG });
  for (const [i, u] of DEMO_USERS.entries()) {
    if (u.role !== 'owner') await deps.db.membership.create({ data: { userId: users[i]!.id, organizationId: org.id, role: u.role } });
  }
  // the public roadmap is on, so /roadmap/BAT shows the public items below with their votes
  await updatePublicSettings(as(owner), { productId: product.id, enabled: true, types: ['feature', 'bug', 'task'], voteLimit: 10, publicComments: false });
  const [admin, pm, dev] = users as [typeof users[0], typeof users[0], typeof users[0]];
  await deps.db.label.createMany({ data: LABELS.map(([name, color]) => ({ productId: product.id, name, color })) });
  const milestone = await deps.db.milestone.create({ data: { productId: product.id, name: 'Q1 Release', targetDate: new Date('2027-03-31') } });

  const ids: string[] = [];
  for (let i = 0; i < 60; i++) {
    const type = TYPES[i % 3]!;
    const reporter = [pm, dev, admin][i % 3]!;
    const item = await createItem(as(reporter), {
      productId: product.id,
      type,
      title: titleFor(type, i),
      description: `Part of the demo backlog.\n\n- Context for item ${i + 1}\n- Written in **markdown**`,
      priority: PRIORITIES[(i * 7) % 4]!,
      visibility: i % 5 === 0 ? 'public' : 'internal',
      labels: [LABELS[i % LABELS.length]![0], ...(i % 4 === 0 ? [LABELS[(i + 3) % LABELS.length]![0]] : [])],
      checklist: i % 3 === 0 ? ['Reproduce or specify', 'Implement', 'Test'] : [],
      assigneeUserId: i % 4 === 3 ? null : [dev, pm, dev][i % 3]!.id,
      milestoneId: i % 6 === 0 ? milestone.id : null,
      estimate: (i % 5) + 1,
      ...(type === 'bug' && { stepsToReproduce: '1. Open the board\n2. Drag a card', expected: 'The card moves', actual: 'Nothing happens' }),
      ...(i % 10 === 9 && { dueDate: new Date(Date.now() + ((i % 20) - 10) * 86_400_000) }),
    });
    ids.push(item.id);
    const status = STATUSES[i % STATUSES.length]!;
    if (status !== 'open') await updateItem(as(pm), { productId: product.id, ref: item.id, expectedVersion: item.version, patch: { status } });
    if (i % 4 === 1) await addComment(as(dev), { productId: product.id, ref: item.id, body: `Looked into this; @Pat Manager the fix needs a migration.` });
    if (i % 8 === 2) await addComment(as(pm), { productId: product.id, ref: item.id, body: 'Agreed, let us ship it in the Q1 release.' });
    if (i % 5 === 0) {
      // public items carry votes from the roadmap
      const voters = (i % 7) + 2;
      await deps.db.vote.createMany({ data: Array.from({ length: voters }, (_, v) => ({ itemId: item.id, email: `voter${v}@example.com`, verifiedAt: new Date() })) });
      await deps.db.item.update({ where: { id: item.id }, data: { voteCount: voters } });
    }
  }
  for (let i = 0; i + 1 < 12; i += 3) await addLink(as(pm), { productId: product.id, ref: ids[i]!, type: 'blocks', to: ids[i + 1]! });
  await addLink(as(pm), { productId: product.id, ref: ids[20]!, type: 'relates_to', to: ids[21]! });
  await addLink(as(pm), { productId: product.id, ref: ids[30]!, type: 'duplicate_of', to: ids[3]! });
  for (const child of [ids[13]!, ids[16]!, ids[19]!]) {
    const c = await deps.db.item.findUniqueOrThrow({ where: { id: child }, select: { version: true } });
    await updateItem(as(pm), { productId: product.id, ref: child, expectedVersion: c.version, patch: { parentId: ids[12]! } });
  }
  return { seeded: true };
}
