import { text } from '@baton/contracts';
import { z } from 'zod';
import { bad, firstIssue, identifyByHeaders, ignored, type ForgeAdapter } from './forge-event.ts';
import { normalizeGithubShaped } from './github.ts';
import { verifyGiteaSignature } from './signature.ts';

// Gitea (docs.gitea.com, "Webhooks"): its pull_request payload copies GitHub's, so it is read by the same schema;
// only a few names differ, mapped here. Its CI reports come as commit `status` events (Gitea Actions and external
// CI alike); a Gitea that sends GitHub-shaped workflow_run events is read as GitHub's.

/** Gitea's names for PR actions that GitHub spells differently. */
const ACTIONS: Record<string, string> = { synchronized: 'synchronize' };

/** Commit states that mean CI failed (Gitea also has pending, success, warning). */
const FAILED_STATES = ['failure', 'error'];

const StatusPayload = z.object({
  sha: text(),
  state: text(),
  context: text().nullable().default(null),
  description: text().nullable().default(null),
  target_url: text().nullable().default(null),
  repository: z.object({ html_url: z.url() }),
});

export const gitea: ForgeAdapter = {
  forge: 'gitea',
  proofHeader: 'x-gitea-signature',
  verify: verifyGiteaSignature,
  identify: identifyByHeaders('X-Gitea-Event', 'X-Gitea-Delivery'),
  normalize(event, payload) {
    if (event === 'status') {
      const p = StatusPayload.safeParse(payload);
      if (!p.success) return bad(`not a status payload: ${firstIssue(p.error)}`);
      const s = p.data;
      // pending (and warning) are not results yet; success and the failures are
      if (s.state !== 'success' && !FAILED_STATES.includes(s.state)) return ignored(`status ${s.state} reports no finished result`);
      const link = s.target_url || `${s.repository.html_url}/commit/${s.sha}`;
      const result = { name: s.context ?? 'CI', conclusion: s.state, failed: s.state !== 'success', summary: s.description, link, headSha: s.sha, prUrls: [] };
      // Gitea names no pull request in a status: the head commit finds the linked PRs
      return { kind: 'ci_result', event, result };
    }
    if (event === 'pull_request' && payload && typeof payload === 'object' && 'action' in payload && typeof payload.action === 'string') {
      return normalizeGithubShaped(event, { ...payload, action: ACTIONS[payload.action] ?? payload.action });
    }
    return normalizeGithubShaped(event, payload);
  },
};
