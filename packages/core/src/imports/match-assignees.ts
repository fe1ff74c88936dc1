import type { Ctx } from '../deps.ts';

/**
 * Assignees as an export names them → member user ids. By email first (Linear and CSV files carry them); GitHub
 * logins and Jira display names are matched to a member's name when exactly one member has it. Anything else stays
 * unmatched (the item is left unassigned and the row reported): a wrong guess would hand someone work silently.
 */
export async function matchAssignees(ctx: Ctx, organizationId: string, names: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(names.filter((n): n is string => !!n))];
  const matched = new Map<string, string>();
  if (!wanted.length) return matched;
  const lower = wanted.map((n) => n.toLowerCase());
  const members = await ctx.db.membership.findMany({
    where: { organizationId, user: { OR: [{ email: { in: lower } }, { name: { in: wanted, mode: 'insensitive' } }] } },
    select: { user: { select: { id: true, email: true, name: true } } },
    take: 5_000,
  });
  for (const name of wanted) {
    const key = name.toLowerCase();
    const byEmail = members.find((m) => m.user.email.toLowerCase() === key);
    const byName = members.filter((m) => m.user.name.toLowerCase() === key);
    const user = byEmail?.user ?? (byName.length === 1 ? byName[0]!.user : undefined);
    if (user) matched.set(name, user.id);
  }
  return matched;
}
