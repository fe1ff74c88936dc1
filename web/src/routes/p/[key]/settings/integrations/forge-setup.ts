// type-only: this module is in the browser bundle, which takes only contracts' light subpaths
import type { Forge } from '@baton/contracts';

/** What a manager needs to know to set up each forge's webhook: where the form is and what to tick there. */
export const FORGE_SETUP: Record<Forge, { name: string; requests: string; where: string; secret: string; events: string }> = {
  github: {
    name: 'GitHub',
    requests: 'Pull requests',
    where: 'repository Settings → Webhooks, content type application/json',
    secret: 'The secret goes into the webhook’s Secret.',
    events: 'Pull requests, Check runs, Check suites, Workflow runs',
  },
  gitea: {
    name: 'Gitea',
    requests: 'Pull requests',
    where: 'repository Settings → Webhooks → Add webhook → Gitea, POST, content type application/json',
    secret: 'The secret goes into the webhook’s Secret.',
    events: 'Custom events: Pull request, and Status for CI failures',
  },
  gitlab: {
    name: 'GitLab',
    requests: 'Merge requests',
    where: 'project or group Settings → Webhooks',
    secret: 'The secret goes into the webhook’s Secret token.',
    events: 'Merge request events, Pipeline events',
  },
};
