// Branch names for items, from a template such as `{type}/{key}-{slug}`. Pure, so the VS Code extension, the CLI
// and the web app suggest the very same name for the same item.
import { formatItemKey, ITEM_NUMBER_SOURCE, readProductKey } from './item-key.ts';

export const DEFAULT_BRANCH_TEMPLATE = '{type}/{key}-{slug}';
/** Long enough to read, short enough for terminals and PR titles; git itself allows far more. */
export const DEFAULT_BRANCH_MAX_LENGTH = 60;
export const BRANCH_TEMPLATE_VARIABLES = ['key', 'number', 'type', 'slug', 'user'] as const;
export type BranchTemplateVariable = (typeof BRANCH_TEMPLATE_VARIABLES)[number];

export type BranchNameInput = {
  key: string;
  number: number;
  type: string;
  title: string;
  /** the developer's handle or name; reduced to a slug */
  user?: string;
};

export type BranchNameOptions = { template?: string; maxLength?: number };

/** Unknown `{variables}` in a template, so settings can say which one is wrong. */
export function unknownTemplateVariables(template: string): string[] {
  const found = [...template.matchAll(/\{([^}]*)\}/g)].map((m) => m[1] ?? '');
  return found.filter((name) => !(BRANCH_TEMPLATE_VARIABLES as readonly string[]).includes(name));
}

/** Lowercase ASCII words joined by `-`: accents folded, everything else dropped. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * Makes any string a valid git branch name (git check-ref-format rules): no spaces or control characters, none of
 * `~^:?*[\`, no `..`, `@{`, `//`, no component starting with `.` or ending with `.lock`, no trailing `.` or `/`.
 */
export function sanitizeRefName(name: string): string {
  let out = name
    .toLowerCase()
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0020\u007f~^:?*[\\]+/g, '-')
    .replace(/@\{/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/\/{2,}/g, '/')
    .replace(/-{2,}/g, '-');
  out = out
    .split('/')
    .map((part) => part.replace(/^[.-]+/, '').replace(/(\.lock)+$/, '').replace(/[.-]+$/, ''))
    .filter((part) => part.length > 0)
    .join('/');
  return out === '@' ? '' : out;
}

/** True when git accepts `name` as a branch name (the subset of check-ref-format that matters for branches). */
export function isValidBranchName(name: string): boolean {
  if (!name || name === '@' || name.startsWith('-')) return false;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f~^:?*[\\]/.test(name) || name.includes('..') || name.includes('@{') || name.includes('//')) return false;
  if (name.endsWith('/') || name.endsWith('.')) return false;
  return name.split('/').every((part) => part.length > 0 && !part.startsWith('.') && !part.endsWith('.lock'));
}

/** Cuts `slug` to at most `max` characters at a `-` word boundary (a single over-long word is cut hard). */
function truncateSlug(slug: string, max: number): string {
  if (slug.length <= max) return slug;
  if (max <= 0) return '';
  const cut = slug.slice(0, max + 1);
  const boundary = cut.lastIndexOf('-');
  return (boundary > 0 ? cut.slice(0, boundary) : slug.slice(0, max)).replace(/-+$/, '');
}

/**
 * The branch name for an item: the template's variables filled in, lowercased, made a valid git ref, and kept
 * under `maxLength` by shortening the title's slug at a word boundary (the key is never cut).
 */
export function branchName(input: BranchNameInput, opts: BranchNameOptions = {}): string {
  const template = opts.template?.trim() || DEFAULT_BRANCH_TEMPLATE;
  const maxLength = Math.max(10, opts.maxLength ?? DEFAULT_BRANCH_MAX_LENGTH);
  const values: Record<BranchTemplateVariable, string> = {
    key: input.key.toLowerCase(),
    number: String(input.number),
    type: slugify(input.type),
    slug: slugify(input.title),
    user: slugify(input.user ?? ''),
  };
  const fill = (slug: string) =>
    sanitizeRefName(template.replace(/\{([^}]*)\}/g, (_, name: string) => (name === 'slug' ? slug : (values[name as BranchTemplateVariable] ?? ''))));
  const full = fill(values.slug);
  if (full.length <= maxLength) return full || sanitizeRefName(values.key);
  // shorten the slug by what is over, then cut the rest hard if the template alone is too long
  const over = full.length - maxLength;
  const shorter = fill(truncateSlug(values.slug, values.slug.length - over));
  if (shorter.length <= maxLength) return shorter;
  return sanitizeRefName(shorter.slice(0, maxLength));
}

/**
 * The key of the item a branch is for, as the templates write it (`bug/bat-103-slug`, `bat-103`, `dev/BAT-103_x`):
 * the first `{productKey}-{number}` standing as a word of its own (after the start, `/`, `-`, `_` or `.`), in any
 * case, returned canonical (`BAT-103`). Only `productKey`'s items: `fix-2-bugs` names none of them.
 */
export function itemKeyInBranch(branch: string, productKey: string): string | null {
  const product = readProductKey(productKey);
  if (!product) return null;
  const m = new RegExp(`(?:^|[/_.-])${product}-(${ITEM_NUMBER_SOURCE})(?=$|[/_.-])`, 'i').exec(branch);
  return m ? formatItemKey(product, Number(m[1])) : null;
}
