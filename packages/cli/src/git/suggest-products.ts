import type { Remote } from './parse-remote.ts';

export type ProductRef = { id: string; key: string; name: string };
export type Suggestion = { product: ProductRef; score: number; reason: string };

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** How well one product fits the repository, with the reason shown to the person; 0 = not at all. */
function fit(remote: Remote, p: ProductRef): Omit<Suggestion, 'product'> {
  const repo = norm(remote.repo);
  const owner = norm(remote.owner.split('/').at(-1) ?? '');
  const key = norm(p.key);
  const name = norm(p.name);
  if (key === repo) return { score: 100, reason: `key ${p.key} is the repository name` };
  if (name === repo) return { score: 90, reason: `name "${p.name}" is the repository name` };
  if (name && (name === owner + repo || name === `${repo}${owner}`))
    return { score: 80, reason: `name "${p.name}" is the owner and repository` };
  if (name.length >= 3 && repo.length >= 3 && (name.includes(repo) || repo.includes(name)))
    return { score: 60, reason: `name "${p.name}" and repository "${remote.repo}" overlap` };
  if (key.length >= 2 && repo.startsWith(key)) return { score: 40, reason: `repository "${remote.repo}" starts with key ${p.key}` };
  if (name.length >= 3 && name === owner) return { score: 20, reason: `name "${p.name}" is the repository owner` };
  return { score: 0, reason: '' };
}

/** Products that may be this repository's, best first (ties by key). */
export function suggestProducts(remote: Remote, products: readonly ProductRef[]): Suggestion[] {
  return products
    .map((product) => ({ product, ...fit(remote, product) }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.product.key.localeCompare(b.product.key));
}
