import { renderMarkdown } from '@baton/markdown';

// One markdown pipeline for the whole app (packages/markdown). Team pages import @baton/markdown directly;
// the public roadmap, changelog and feed render what anonymous visitors wrote, without images.
export const renderPublicMarkdown = (source: string): string => renderMarkdown(source, { audience: 'public' });
