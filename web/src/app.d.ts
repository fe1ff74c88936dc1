// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
  namespace App {
    interface Locals {
      /** The browser's session as the backend sees it (auth.session), or null when signed out. */
      session: { userId: string; name: string; email: string; mfaPending: boolean; expiresAt: Date } | null;
      /** The theme cookie (light, dark, or system: follow the OS). */
      theme: import('$lib/theme').Theme;
    }
  }
}

export {};
