import { DEFAULT_BRANCH_MAX_LENGTH, DEFAULT_BRANCH_TEMPLATE, ProductKey, unknownTemplateVariables } from '@baton/contracts';
import { z } from 'zod';

// The extension's settings, validated once where they are read: a bad value falls back to its default and the
// problem is reported by name instead of surfacing later as a confusing failure.

const SavedView = z.object({ name: z.string().trim().min(1).max(100), query: z.string().trim().min(1).max(1000) });
export type SavedView = z.infer<typeof SavedView>;

export const Settings = z.object({
  serverUrl: z
    .string()
    .trim()
    .pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://baton.example.com' }))
    .transform((u) => u.replace(/\/+$/, '')),
  product: z
    .string()
    .trim()
    .transform((s) => s.toUpperCase())
    .pipe(z.union([z.literal(''), ProductKey])),
  refreshIntervalSeconds: z.number().int().min(10).max(3600),
  branchTemplate: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .refine((t) => unknownTemplateVariables(t).length === 0, {
      error: 'may only use {key}, {number}, {type}, {slug} and {user}',
    }),
  branchMaxLength: z.number().int().min(20).max(200),
  savedViews: z.array(SavedView).max(50),
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = {
  serverUrl: 'http://127.0.0.1:3000',
  product: '',
  refreshIntervalSeconds: 60,
  branchTemplate: DEFAULT_BRANCH_TEMPLATE,
  branchMaxLength: DEFAULT_BRANCH_MAX_LENGTH,
  savedViews: [],
};

/** Each setting parsed on its own: one bad value keeps its default and is named in `problems`. */
export function parseSettings(raw: Record<string, unknown>): { settings: Settings; problems: string[] } {
  const settings = { ...DEFAULT_SETTINGS };
  const problems: string[] = [];
  for (const key of Object.keys(Settings.shape) as (keyof Settings)[]) {
    if (raw[key] === undefined) continue;
    const parsed = Settings.shape[key].safeParse(raw[key]);
    if (parsed.success) (settings as Record<string, unknown>)[key] = parsed.data;
    else problems.push(`baton.${key} ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
  }
  return { settings, problems };
}

/** How the views name a server: its host (`baton.example.com`, `127.0.0.1:3000`). */
export function serverLabel(serverUrl: string): string {
  try {
    return new URL(serverUrl).host || serverUrl;
  } catch {
    return serverUrl;
  }
}
