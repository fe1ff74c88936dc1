// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
  namespace App {
    interface Locals {
      /** The browser's session as the backend sees it (auth.session), or null when signed out. */
      session: { userId: string; name: string; email: string; mfaPending: boolean; expiresAt: Date } | null;
      /** The theme cookie (light, dark, or system: follow the OS). */
      theme: import('$lib/theme').Theme;
    }
    interface Platform {
      /** adapter-node's Node request; the backend puts the in-process API on it (backend/src/in-process-api.ts) */
      req?: import('node:http').IncomingMessage & { batonApi?: typeof fetch };
    }
  }
}

export {};
