import { ItemKey, ItemStatus, StateCategory, StateRef } from '@baton/contracts';
import { z } from 'zod';

// Every message between the item webview and the extension, in both directions, checked with these schemas on
// arrival: the webview renders server text, so the host treats what comes back from it as untrusted input.

const Id = z.string().min(1).max(64);

export const WebviewMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('refresh') }),
  z.object({ type: z.literal('toggleChecklist'), entryId: Id, done: z.boolean() }),
  z.object({ type: z.literal('addComment'), body: z.string().trim().min(1, 'is required').max(20_000) }),
  // a state's name as the status select offers it ("In review"), or a status (in_progress): see offersStatus
  z.object({ type: z.literal('setStatus'), status: StateRef }),
  z.object({ type: z.literal('assign'), to: z.enum(['me', 'nobody']) }),
  z.object({ type: z.literal('command'), command: z.enum(['startWork', 'stopWork', 'linkPr', 'finish', 'copyContext', 'openInBrowser']) }),
  z.object({ type: z.literal('openItem'), key: ItemKey }),
]);
export type WebviewMessage = z.infer<typeof WebviewMessage>;

const When = z.string(); // ISO date: postMessage carries JSON, so dates travel as strings

export const ItemDetail = z.object({
  id: z.string(),
  key: z.string(),
  title: z.string(),
  type: z.string(),
  status: ItemStatus,
  /** the status select's choices: the item's state and the moves the workflow allows (stateChoices), in board order */
  states: z.array(z.object({ name: z.string(), category: StateCategory, current: z.boolean() })),
  priority: z.string(),
  version: z.number().int(),
  description: z.string(),
  /** the description as sanitized HTML, rendered in the host by @baton/markdown (the web app's renderer) */
  descriptionHtml: z.string(),
  assignee: z.string().nullable(),
  reporter: z.string().nullable(),
  labels: z.array(z.object({ name: z.string(), color: z.string() })),
  milestone: z.string().nullable(),
  sprint: z.string().nullable(),
  parent: z.object({ key: z.string(), title: z.string() }).nullable(),
  children: z.array(z.object({ key: z.string(), title: z.string(), status: ItemStatus })),
  progress: z.object({ done: z.number().int(), total: z.number().int() }),
  dueDate: When.nullable(),
  createdAt: When,
  updatedAt: When,
  claim: z.object({ holder: z.string(), mine: z.boolean(), leaseExpiresAt: When }).nullable(),
  checklist: z.array(z.object({ id: z.string(), text: z.string(), done: z.boolean() })),
  comments: z.array(z.object({ id: z.string(), author: z.string(), body: z.string(), html: z.string(), createdAt: When })),
  activity: z.array(z.object({ actor: z.string(), action: z.string(), field: z.string().nullable(), at: When })),
  links: z.array(z.object({ type: z.string(), direction: z.string(), key: z.string(), title: z.string(), status: z.string() })),
  // each with its latest CI result (check run, workflow, pipeline) when a forge reported one
  pullRequests: z.array(
    z.object({
      url: z.string(),
      number: z.number().nullable(),
      title: z.string().nullable(),
      status: z.string(),
      check: z.object({ name: z.string(), conclusion: z.string(), url: z.string().nullable() }).nullable(),
    }),
  ),
  canAssignToMe: z.boolean(),
});
export type ItemDetail = z.infer<typeof ItemDetail>;

export const HostMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('item'), item: ItemDetail }),
  z.object({ type: z.literal('busy'), busy: z.boolean() }),
  z.object({ type: z.literal('error'), message: z.string() }),
  z.object({ type: z.literal('commentAdded') }),
]);
export type HostMessage = z.infer<typeof HostMessage>;

/**
 * Whether a status the page sent is one the item view offered (a state's name) or a status, which the server
 * resolves: anything else did not come from the select, and is ignored like any malformed message.
 */
export const offersStatus = (detail: Pick<ItemDetail, 'states'>, status: string): boolean =>
  ItemStatus.safeParse(status).success || detail.states.some((s) => s.name === status);
