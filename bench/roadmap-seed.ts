// A public board with `count` public items, written directly (fast), for the roadmap benchmark, Lighthouse and
// screenshots. Titles and descriptions vary enough for search and the similarity index to have work to do.
import type { RunningServer } from '@baton/backend';

type Db = RunningServer['db'];

const WORDS = [
  'export',
  'dark mode',
  'keyboard shortcuts',
  'csv',
  'calendar',
  'slack',
  'webhooks',
  'mobile app',
  'search',
  'filters',
  'offline',
  'sso',
  'api',
  'reports',
  'templates',
  'notifications',
];
const STATUSES = ['open', 'open', 'open', 'in_progress', 'done', 'closed'] as const;

export async function seedPublicBoard(db: Db, opts: { key: string; name?: string; count: number }) {
  const stamp = `${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
  const org = await db.organization.create({ data: { name: opts.name ?? 'Acme', slug: `acme-${stamp}` } });
  const product = await db.product.create({
    data: {
      organizationId: org.id,
      key: opts.key,
      name: opts.name ?? 'Acme',
      nextItemNumber: opts.count + 1,
      publicSettings: { enabled: true, types: ['feature', 'bug'], voteLimit: 10, publicComments: true },
    },
  });
  for (let start = 0; start < opts.count; start += 1000) {
    const n = Math.min(1000, opts.count - start);
    await db.item.createMany({
      data: Array.from({ length: n }, (_, k) => {
        const i = start + k;
        const a = WORDS[i % WORDS.length]!;
        const b = WORDS[(i * 7 + 3) % WORDS.length]!;
        return {
          productId: product.id,
          number: i + 1,
          type: i % 4 === 0 ? ('bug' as const) : ('feature' as const),
          status: STATUSES[i % STATUSES.length]!,
          visibility: 'public' as const,
          title: i % 4 === 0 ? `Fix ${a} when using ${b}` : `Support ${a} with ${b}`,
          description: `It would help our team to have ${a} working together with ${b}. Today we work around it by hand.`,
          voteCount: (i * 37) % 250,
        };
      }),
    });
  }
  return { org, product };
}
