import type { Forge } from '@baton/contracts';
import type { ForgeAdapter } from './forge-event.ts';
import { gitea } from './gitea.ts';
import { github } from './github.ts';
import { gitlab } from './gitlab.ts';

/** Every forge Baton reads deliveries from, by its name in routes, settings and the delivery log. */
export const forgeAdapters: Record<Forge, ForgeAdapter> = { github, gitea, gitlab };
