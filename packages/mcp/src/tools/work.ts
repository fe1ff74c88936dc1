import { CommentBody, ContextInput, LinkPrInput, SetStatusInput } from '@baton/contracts';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { documented } from '../param-docs.ts';
import { guarded, ok } from '../result.ts';
import { refField, type ToolContext } from '../tool-context.ts';
import { fencingField, forgetOnLostLease } from './claims.ts';

const { productId: _linkProduct, ref: _linkRef, fencingToken: _linkToken, ...linkShape } = LinkPrInput.shape;

export function registerWorkTools(server: McpServer, ctx: ToolContext): void {
  server.registerTool(
    'context',
    {
      title: 'Item context',
      description:
        'Everything needed to work on an item (description, acceptance criteria, comments, links, history) as markdown within a character budget.',
      inputSchema: documented({ ref: refField, budget: ContextInput.shape.budget }),
      annotations: { readOnlyHint: true },
    },
    ({ ref, budget }) =>
      guarded(async () => {
        const pack = await ctx.agent.items.context(ref, { budget });
        const omitted = pack.omitted.length ? `\n\n_Left out to fit the budget: ${pack.omitted.join(', ')}._` : '';
        return ok(pack.markdown + omitted, pack);
      }),
  );

  server.registerTool(
    'status',
    {
      title: 'Set status',
      description:
        'Move an item to one of its product\'s states ("In review") or a status (done, wont_fix, ...), with a reason and evidence (links, test output). Any status but in_progress ends the lease; the result says which claim ended.',
      inputSchema: documented({
        ref: refField,
        status: SetStatusInput.shape.status,
        reason: SetStatusInput.shape.reason,
        evidence: SetStatusInput.shape.evidence,
        usage: SetStatusInput.shape.usage,
        expectedVersion: SetStatusInput.shape.expectedVersion,
        fencingToken: fencingField,
      }),
    },
    ({ ref, status, fencingToken, ...rest }) =>
      guarded(async () => {
        const token = ctx.leases.tokenFor(ref, fencingToken);
        const result = await forgetOnLostLease(
          ctx,
          ref,
          ctx.agent.items.setStatus(ref, status, { ...rest, ...(token !== undefined && { fencingToken: token }) }),
        );
        // the server says which claim the move ended: forget the lease when it is the one this session holds
        const ended = result.claimEnded;
        if (ended && ctx.leases.get(ref)?.fencingToken === ended.fencingToken) ctx.leases.forget(ref);
        const { item } = result;
        return ok(`**${item.key}** is now ${item.status}.${ended ? ` Its claim ended (${ended.reason}).` : ''}`, result);
      }),
  );

  server.registerTool(
    'comment',
    {
      title: 'Comment',
      description: 'Add a markdown comment to an item (findings, questions, a summary of what was done).',
      inputSchema: documented({ ref: refField, body: CommentBody }),
    },
    ({ ref, body }) =>
      guarded(async () => {
        const comment = await ctx.agent.items.comment(ref, body);
        return ok(`Commented on ${ref}.`, comment);
      }),
  );

  server.registerTool(
    'link_pr',
    {
      title: 'Link a pull request',
      description: 'Link a pull request to an item (or update its status, e.g. merged). Branch and commit are optional.',
      inputSchema: documented({ ref: refField, ...linkShape, fencingToken: fencingField }),
    },
    ({ ref, fencingToken, ...rest }) =>
      guarded(async () => {
        const token = ctx.leases.tokenFor(ref, fencingToken);
        const pr = await forgetOnLostLease(
          ctx,
          ref,
          ctx.agent.items.linkPr(ref, { ...rest, ...(token !== undefined && { fencingToken: token }) }),
        );
        return ok(`Linked ${pr.number ? `PR #${pr.number}` : pr.url} (${pr.status}) to ${ref}.`, pr);
      }),
  );
}
