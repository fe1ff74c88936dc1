/** The colour theme: `system` follows the OS (prefers-color-scheme); the others pin it. */
export type Theme = 'system' | 'light' | 'dark';

/** Read by hooks.server.ts on every request, so the server renders <html data-theme> and nothing flashes. */
export const THEME_COOKIE = 'baton_theme';

export function parseTheme(value: string | null | undefined): Theme {
  return value === 'light' || value === 'dark' ? value : 'system';
}
