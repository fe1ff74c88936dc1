import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The embedded database's template (docs/database.md): a data directory through PGlite's initdb and every
 * migration, made when the backend is built (make-embedded-template.ts, run by backend/scripts/build.mjs). A new
 * installation's data directory starts as a copy of it, so a first start costs a copy, not initdb and the
 * migrations; migrations added after the build are applied at start as usual.
 */
export const EMBEDDED_TEMPLATE_DIR = fileURLToPath(new URL('../dist/embedded-template', import.meta.url));

/** The template, if this installation has one (a backend run from source before any build has none). */
export const embeddedTemplate = (): string | undefined => (existsSync(EMBEDDED_TEMPLATE_DIR) ? EMBEDDED_TEMPLATE_DIR : undefined);
